package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of docker-compose.yml that its schema cannot express: start order, and agreement with the
 * services' configuration, ports, topics, bucket and credentials. Each returns its problems.
 */
final class ComposeChecks {

  private static final Pattern CREATE_TOPIC =
      Pattern.compile(
          "--topic\\s+(\\S+)\\s+--partitions\\s+(\\d+)(?:\\s+--config\\s+retention\\.ms=(\\d+))?");
  private static final Pattern MAKE_BUCKET =
      Pattern.compile("\\bmc\\s+mb\\s+(?:--\\S+\\s+)*\\S*?/([^\\s\"']+)");
  private static final Pattern ADD_USER =
      Pattern.compile("\\bmc\\s+admin\\s+user\\s+add\\s+\\S+\\s+(\\S+)\\s+(\\S+)");
  private static final Pattern SHELL_VARIABLE =
      Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");
  private static final Pattern HEALTH_URL =
      Pattern.compile("https?://[^/:\\s]+:(\\d+)(/q/health/(?:live|ready))");

  private final ComposeFile compose;

  ComposeChecks(ComposeFile compose) {
    this.compose = compose;
  }

  /** Compose services that run a Stride service, with the Stride service's name. */
  Map<String, String> strideServices() {
    Map<String, String> services = new LinkedHashMap<>();
    for (String name : compose.serviceNames()) {
      compose.strideService(name).ifPresent(stride -> services.put(name, stride));
    }
    return services;
  }

  /** One-shot services (restart "no"): they prepare Kafka and MinIO, then exit. */
  private List<String> initServices() {
    return compose.serviceNames().stream()
        .filter(n -> "no".equals(compose.service(n).path("restart").asText()))
        .toList();
  }

  /** Each Stride service's environment and port against the configuration it reads. */
  List<String> services(Map<String, ServiceConfig> configs) {
    List<String> problems = new ArrayList<>();
    strideServices()
        .forEach(
            (name, stride) -> {
              JsonNode service = compose.service(name);
              Set<Integer> ports = new TreeSet<>();
              for (JsonNode port : service.path("ports")) {
                ports.add(
                    port.isObject() ? port.path("target").asInt() : containerPort(port.asText()));
              }
              service.path("expose").forEach(p -> ports.add(containerPort(p.asText())));
              Matcher health = HEALTH_URL.matcher(service.at("/healthcheck/test").toString());
              if (!health.find()) {
                problems.add("compose " + name + ": no healthcheck on /q/health/live or /ready");
                return;
              }
              int port = Integer.parseInt(health.group(1));
              if (!ports.equals(Set.of(port))) {
                problems.add(
                    "compose %s: publishes or exposes %s, its health check uses %s"
                        .formatted(name, ports, port));
              }
              problems.addAll(
                  ServiceChecks.check(
                      configs.get(stride), "compose " + name, compose.environment(name), port));
            });
    return problems;
  }

  private static int containerPort(String published) {
    String port = published.substring(published.lastIndexOf(':') + 1);
    return Integer.parseInt(port.replaceAll("/.*", ""));
  }

  /**
   * Long-running services have health checks; every Stride service waits for the healthy
   * infrastructure and for the one-shot services to have completed; those wait for what they
   * prepare to be healthy.
   */
  List<String> startOrder() {
    List<String> problems = new ArrayList<>();
    List<String> init = initServices();
    Set<String> stride = strideServices().keySet();
    for (String name : compose.serviceNames()) {
      JsonNode service = compose.service(name);
      if (!init.contains(name) && !service.has("healthcheck")) {
        problems.add("compose " + name + ": no healthcheck");
      }
      Map<String, String> dependsOn = new LinkedHashMap<>();
      service
          .path("depends_on")
          .fields()
          .forEachRemaining(
              e -> dependsOn.put(e.getKey(), e.getValue().path("condition").asText()));
      if (init.contains(name)) {
        dependsOn.forEach(
            (dependency, condition) -> {
              if (!"service_healthy".equals(condition)) {
                problems.add(
                    "compose %s: waits for %s to be %s, not healthy"
                        .formatted(name, dependency, condition));
              }
            });
      }
      if (stride.contains(name)) {
        for (String other : compose.serviceNames()) {
          String expected =
              init.contains(other) ? "service_completed_successfully" : "service_healthy";
          if (!stride.contains(other) && !expected.equals(dependsOn.get(other))) {
            problems.add("compose %s: does not wait for %s (%s)".formatted(name, other, expected));
          }
        }
      }
    }
    return problems;
  }

  /** The topics the one-shot Kafka service creates (topic to partitions and retention). */
  Map<String, TopicSpec> topics() {
    Map<String, TopicSpec> topics = new LinkedHashMap<>();
    for (String name : initServices()) {
      String script =
          compose.service(name).path("command").toString()
              + compose.service(name).path("entrypoint");
      if (!script.contains("kafka-topics.sh")) {
        continue;
      }
      Matcher create = CREATE_TOPIC.matcher(script);
      while (create.find()) {
        long retention = create.group(3) == null ? -1 : Long.parseLong(create.group(3));
        topics.put(create.group(1), new TopicSpec(Integer.parseInt(create.group(2)), retention));
      }
    }
    return topics;
  }

  /** The MinIO service: the one given root credentials. */
  Optional<String> objectStoreService() {
    return compose.serviceNames().stream()
        .filter(n -> compose.environment(n).containsKey("MINIO_ROOT_USER"))
        .findFirst();
  }

  /** The bucket the one-shot MinIO client creates ("mc mb [flags] alias/bucket"). */
  Optional<String> bucket() {
    return initScriptValues(MAKE_BUCKET).map(values -> values.get(0));
  }

  /** The access and secret key of the user the one-shot MinIO client creates for the services. */
  Optional<List<String>> servicesUser() {
    return initScriptValues(ADD_USER);
  }

  /**
   * The groups of {@code command} in the script of a one-shot service, each a literal or a shell
   * variable ("$NAME", "${NAME}") that service's environment sets.
   */
  private Optional<List<String>> initScriptValues(Pattern command) {
    for (String name : initServices()) {
      StringBuilder script = new StringBuilder();
      compose
          .service(name)
          .path("command")
          .forEach(line -> script.append(line.asText()).append('\n'));
      Matcher found = command.matcher(script);
      if (found.find()) {
        Map<String, String> env = compose.environment(name);
        List<String> values = new ArrayList<>();
        for (int group = 1; group <= found.groupCount(); group++) {
          String word = found.group(group).replaceAll("^[\"']+|[\"']+$", "");
          Matcher variable = SHELL_VARIABLE.matcher(word);
          values.add(variable.matches() ? env.getOrDefault(variable.group(1), "") : word);
        }
        return Optional.of(values);
      }
    }
    return Optional.empty();
  }

  /**
   * Each Stride service uses the bucket that is created, the user created for the services (not
   * MinIO's root user) and MinIO's address.
   */
  List<String> objectStore(Map<String, ServiceConfig> configs) {
    List<String> problems = new ArrayList<>();
    Optional<String> minio = objectStoreService();
    Optional<String> bucket = bucket();
    Optional<List<String>> user = servicesUser();
    if (minio.isEmpty() || bucket.isEmpty() || user.isEmpty()) {
      return List.of(
          "compose: no MinIO service with root credentials, or no bucket or services' user created");
    }
    String rootUser = compose.environment(minio.get()).get("MINIO_ROOT_USER");
    if (user.get().get(0).isEmpty() || user.get().get(0).equals(rootUser)) {
      problems.add(
          "compose: the services' S3 user is '%s', MinIO's root user is '%s'"
              .formatted(user.get().get(0), rootUser));
    }
    strideServices()
        .forEach(
            (name, stride) -> {
              ServiceConfig config = configs.get(stride);
              Map<String, String> env = compose.environment(name);
              String where = "compose " + name + ": ";
              expect(problems, where, config, env, "store.bucket", bucket.get());
              expect(problems, where, config, env, "store.access-key", user.get().get(0));
              expect(problems, where, config, env, "store.secret-key", user.get().get(1));
              URI endpoint = URI.create(storeValue(config, env, "store.endpoint").orElse("?"));
              if (!minio.get().equals(endpoint.getHost()) || endpoint.getPort() != 9000) {
                problems.add(
                    "%sstore endpoint %s is not MinIO (%s:9000)"
                        .formatted(where, endpoint, minio.get()));
              }
            });
    return problems;
  }

  private static Optional<String> storeValue(
      ServiceConfig config, Map<String, String> env, String suffix) {
    return config.mappedKeys().stream()
        .filter(k -> k.endsWith("." + suffix))
        .findFirst()
        .flatMap(k -> config.value(k, env));
  }

  private static void expect(
      List<String> problems,
      String where,
      ServiceConfig config,
      Map<String, String> env,
      String suffix,
      String expected) {
    Optional<String> actual = storeValue(config, env, suffix);
    if (actual.isEmpty() || !actual.get().equals(expected)) {
      problems.add(
          "%s%s is %s, the store has %s"
              .formatted(where, suffix, actual.orElse("unset"), expected));
    }
  }

  /** Each Stride service's bootstrap servers are a Kafka service's advertised listener. */
  List<String> kafka(Map<String, ServiceConfig> configs) {
    List<String> problems = new ArrayList<>();
    strideServices()
        .forEach(
            (name, stride) -> {
              String bootstrap =
                  configs
                      .get(stride)
                      .value("kafka.bootstrap.servers", compose.environment(name))
                      .orElse("?");
              String host = bootstrap.substring(0, Math.max(0, bootstrap.lastIndexOf(':')));
              String port = bootstrap.substring(bootstrap.lastIndexOf(':') + 1);
              Map<String, String> kafka = compose.environment(host);
              boolean listens = kafka.getOrDefault("KAFKA_LISTENERS", "").contains(":" + port);
              boolean advertised =
                  kafka.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "").contains("//" + bootstrap);
              if (!listens || !advertised) {
                problems.add(
                    "compose %s: kafka.bootstrap.servers %s is no Kafka listener here"
                        .formatted(name, bootstrap));
              }
            });
    return problems;
  }

  /**
   * Every Stride service is given more time to stop than it takes to drain the requests in flight
   * ({@code quarkus.shutdown.timeout}); without one, Quarkus does not wait for them at all.
   */
  List<String> shutdownGrace(Map<String, ServiceConfig> configs) {
    List<String> problems = new ArrayList<>();
    strideServices()
        .forEach(
            (name, stride) -> {
              Duration grace =
                  goDuration(compose.service(name).path("stop_grace_period").asText("10s"));
              Optional<String> drain =
                  configs.get(stride).value("quarkus.shutdown.timeout", compose.environment(name));
              if (drain.isPresent() && grace.compareTo(Duration.parse(drain.get())) <= 0) {
                problems.add(
                    "compose %s: stop_grace_period %s does not exceed quarkus.shutdown.timeout %s"
                        .formatted(name, grace, drain.get()));
              }
            });
    return problems;
  }

  /** One CPU and one GPU trainer, in profiles cpu and gpu, each given time to checkpoint. */
  List<String> trainers(ServiceConfig trainer) {
    List<String> problems = new ArrayList<>();
    Map<String, String> byProfile = new LinkedHashMap<>();
    strideServices()
        .forEach(
            (name, stride) -> {
              if (!stride.equals(trainer.name())) {
                return;
              }
              JsonNode service = compose.service(name);
              service.path("profiles").forEach(p -> byProfile.put(p.asText(), name));
              Duration stopTimeout =
                  Duration.parse(
                      trainer
                          .value("trainer.stop-timeout", compose.environment(name))
                          .orElseThrow());
              Duration grace = goDuration(service.path("stop_grace_period").asText("10s"));
              if (grace.compareTo(stopTimeout) <= 0) {
                problems.add(
                    "compose %s: stop_grace_period %s does not exceed trainer.stop-timeout %s"
                        .formatted(name, grace, stopTimeout));
              }
              boolean gpu =
                  service
                      .at("/deploy/resources/reservations/devices")
                      .toString()
                      .contains("\"gpu\"");
              String target = service.at("/build/target").asText();
              if (gpu != "gpu".equals(target)) {
                problems.add(
                    "compose %s: image target %s%s a GPU reservation"
                        .formatted(name, target, (gpu ? " with" : " without")));
              }
            });
    if (!byProfile.keySet().equals(Set.of("cpu", "gpu"))) {
      problems.add(
          "compose: trainers by profile " + byProfile + ", expected one in cpu and one in gpu");
    } else if ("gpu".equals(compose.service(byProfile.get("cpu")).at("/build/target").asText())
        || !"gpu".equals(compose.service(byProfile.get("gpu")).at("/build/target").asText())) {
      problems.add(
          "compose: the gpu profile must run the gpu image and the cpu profile the cpu one");
    }
    String profiles = compose.dotEnv().getOrDefault("COMPOSE_PROFILES", "");
    List<String> trainerProfiles =
        List.of(profiles.split(",")).stream()
            .map(String::strip)
            .filter(Set.of("cpu", "gpu")::contains)
            .toList();
    if (trainerProfiles.size() != 1) {
      problems.add(".env: COMPOSE_PROFILES is '" + profiles + "', expected cpu or gpu in it");
    }
    return problems;
  }

  /** Compose durations: 90s, 1m30s, 1h. */
  static Duration goDuration(String text) {
    Matcher part = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
    Duration total = Duration.ZERO;
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
              });
    }
    return total;
  }
}
