package dev.stride.deploy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks of a service's Dockerfile and of the build context its Dockerfile.dockerignore lets in.
 */
final class DockerfileChecks {

  static final String LOCATION = "src/main/docker/Dockerfile";

  private DockerfileChecks() {}

  /**
   * Every stage that runs the service (has an ENTRYPOINT): a non-root numeric user, the port, a
   * health check on the liveness URL at that port, the fast-jar from this service's target.
   */
  static List<String> runnableStages(String service, int port, Dockerfile dockerfile) {
    List<String> problems = new ArrayList<>();
    List<Dockerfile.Stage> runnable =
        dockerfile.stages().stream().filter(s -> s.last("ENTRYPOINT").isPresent()).toList();
    if (runnable.isEmpty()) {
      problems.add(service + ": no stage runs the service");
    }
    for (Dockerfile.Stage stage : runnable) {
      String where =
          service + " (" + (stage.name() == null ? "final stage" : "stage " + stage.name()) + "): ";
      String user = stage.last("USER").orElse("root").split(":")[0];
      if (!user.matches("\\d+") || Integer.parseInt(user) == 0) {
        problems.add(where + "runs as " + user + ", not as a numeric non-root user");
      }
      if (!stage.all("EXPOSE").equals(List.of(Integer.toString(port)))) {
        problems.add(where + "exposes " + stage.all("EXPOSE") + ", the service listens on " + port);
      }
      String health = stage.last("HEALTHCHECK").orElse("");
      boolean checksLiveness =
          health.contains("/q/health/live")
              && (health.contains(":${QUARKUS_HTTP_PORT:-" + port + "}/")
                  || health.contains(":" + port + "/"));
      if (!checksLiveness) {
        problems.add(
            where + "HEALTHCHECK does not ask /q/health/live on port " + port + ": " + health);
      }
      if (!stage.last("ENTRYPOINT").orElseThrow().contains("quarkus-run.jar")) {
        problems.add(where + "ENTRYPOINT does not run quarkus-run.jar");
      }
      for (String source : stage.contextCopies()) {
        if (!source.startsWith("services/" + service + "/target/quarkus-app/")
            && !source.startsWith("deploy/docker/")) {
          problems.add(where + "copies " + source + " from outside its fast-jar and deploy/docker");
        }
      }
    }
    return problems;
  }

  /**
   * Every file a stage copies from the context gets through the ignore file (docker's rules: the
   * last matching pattern decides; "!" lets a path back in; a pattern also matches the path's
   * parent folders).
   */
  static List<String> contextLetsCopiesIn(String service, Dockerfile dockerfile, String ignore) {
    List<String> patterns =
        ignore.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    List<String> problems = new ArrayList<>();
    for (Dockerfile.Stage stage : dockerfile.stages()) {
      for (String source : stage.contextCopies()) {
        String probe = source.replace("*", "x").replaceAll("/$", "/x");
        if (ignored(probe, patterns)) {
          problems.add(
              service + ": Dockerfile.dockerignore keeps " + source + " out of the context");
        }
      }
    }
    return problems;
  }

  private static boolean ignored(String path, List<String> patterns) {
    boolean ignored = false;
    for (String pattern : patterns) {
      boolean include = pattern.startsWith("!");
      String glob = (include ? pattern.substring(1) : pattern).replaceAll("^/|/$", "");
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      Path candidate = Path.of(path);
      boolean matches = false;
      for (Path prefix = candidate; prefix != null; prefix = prefix.getParent()) {
        matches |= matcher.matches(prefix);
      }
      if (matches) {
        ignored = !include;
      }
    }
    return ignored;
  }
}
