package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docker-compose.yml under a set of active profiles, as Compose applies them: a service with
 * profiles runs only when one of them is active, and a service may depend on one that does not run
 * only if that dependency says {@code required: false} (else Compose refuses the project: "depends
 * on undefined service").
 */
final class ComposeProfiles {

  private final ComposeFile compose;
  private final Set<String> active;

  ComposeProfiles(ComposeFile compose, Set<String> active) {
    this.compose = compose;
    this.active = Set.copyOf(active);
  }

  /** The profiles COMPOSE_PROFILES names in the file's .env. */
  static Set<String> fromDotEnv(ComposeFile compose) {
    Set<String> profiles = new LinkedHashSet<>();
    for (String profile : compose.dotEnv().getOrDefault("COMPOSE_PROFILES", "").split(",")) {
      if (!profile.isBlank()) {
        profiles.add(profile.strip());
      }
    }
    return profiles;
  }

  List<String> services() {
    List<String> running = new ArrayList<>();
    for (String name : compose.serviceNames()) {
      JsonNode profiles = compose.service(name).path("profiles");
      boolean runs = profiles.isEmpty();
      for (JsonNode profile : profiles) {
        runs |= active.contains(profile.asText());
      }
      if (runs) {
        running.add(name);
      }
    }
    return running;
  }

  /** Dependencies on a service that does not run, not marked {@code required: false}. */
  List<String> missingDependencies() {
    List<String> running = services();
    List<String> problems = new ArrayList<>();
    for (String name : running) {
      compose
          .service(name)
          .path("depends_on")
          .fields()
          .forEachRemaining(
              dependency -> {
                boolean required = dependency.getValue().path("required").asBoolean(true);
                if (required && !running.contains(dependency.getKey())) {
                  problems.add(
                      "compose %s %s: depends on %s, which does not run (required: false?)"
                          .formatted(active, name, dependency.getKey()));
                }
              });
    }
    return problems;
  }

  /** Running services whose image's path ends in one of {@code repositories} ("minio/mc"). */
  List<String> running(Set<String> repositories) {
    return services().stream()
        .filter(
            name -> {
              String path =
                  ImageReference.parse(compose.service(name).path("image").asText()).path();
              return repositories.stream().anyMatch(r -> path.equals(r) || path.endsWith("/" + r));
            })
        .toList();
  }

  /**
   * Every running Stride service (built here) is given {@code expected}'s variables as they are.
   */
  List<String> strideServicesGiven(Map<String, String> expected) {
    List<String> problems = new ArrayList<>();
    for (String name : services()) {
      if (!compose.service(name).has("build")) {
        continue;
      }
      Map<String, String> env = compose.environment(name);
      expected.forEach(
          (variable, value) -> {
            if (!value.equals(env.get(variable))) {
              problems.add(
                  "compose %s %s: %s is '%s', not '%s'"
                      .formatted(active, name, variable, env.get(variable), value));
            }
          });
    }
    return problems;
  }
}
