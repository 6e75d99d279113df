package dev.stride.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks one service as deployed (its environment and the port the deployment expects) against the
 * configuration it reads ({@link ServiceConfig}).
 */
final class ServiceChecks {

  /**
   * Variables that set no key of the service but are read by the JVM, DJL or the images, and
   * prefixes of framework keys whose names are Quarkus', SmallRye's or Kafka's, not the service's.
   */
  private static final Set<String> PROCESS_VARIABLES =
      Set.of(
          "JAVA_TOOL_OPTIONS",
          "JAVA_OPTS",
          "JAVA_OPTS_APPEND",
          "DJL_CACHE_DIR",
          "HOME",
          "TZ",
          "POD_NAME",
          "POD_NAMESPACE");

  private static final List<String> PROCESS_PREFIXES = List.of("PYTORCH_", "NVIDIA_", "KEDA_");
  private static final List<String> FRAMEWORK_PREFIXES =
      List.of("QUARKUS_", "MP_", "SMALLRYE_", "KAFKA_");

  /**
   * A device as deployments should write it: DJL's names. DeviceSetting also reads gpu(0) and
   * cuda:0, but gpu(0) is how a device prints, and taught as a setting it stopped every run.
   */
  private static final Pattern DEVICE = Pattern.compile("auto|cpu|gpu\\d*");

  private static final Pattern LOOPBACK =
      Pattern.compile("(^|[/@,\\s])(127\\.\\d+\\.\\d+\\.\\d+|localhost|\\[?::1\\]?)([:/,\\s]|$)");

  private ServiceChecks() {}

  /**
   * @param where names the deployment in messages ("compose trainer-cpu", "k8s dev")
   * @param env the service's environment variables there
   * @param port the port the deployment sends HTTP traffic and probes to
   */
  static List<String> check(ServiceConfig config, String where, Map<String, String> env, int port) {
    String prefix = where + ": " + config.name() + ": ";
    List<String> problems = new ArrayList<>();
    for (String problem : config.startProblems(env)) {
      problems.add(prefix + "would not start: " + problem);
    }
    // defaults that only work on a developer's machine must be replaced in a container
    for (String key : config.keys()) {
      Optional<String> byDefault = config.value(key, Map.of());
      Optional<String> deployed = config.value(key, env);
      if (byDefault.filter(ServiceChecks::loopback).isPresent()
          && deployed.filter(ServiceChecks::loopback).isPresent()) {
        problems.add(
            "%s%s stays %s, a loopback address inside a container (set %s)"
                .formatted(prefix, key, deployed.get(), ServiceConfig.envName(key)));
      }
    }
    for (String key : config.keys()) {
      Optional<String> device = config.value(key, env).filter(v -> key.endsWith(".device"));
      if (device.isPresent() && !DEVICE.matcher(device.get()).matches()) {
        problems.add(
            "%s%s is %s; name a device as DJL does: auto, cpu, gpu0, gpu1 ... (%s)"
                .formatted(prefix, key, device.get(), ServiceConfig.envName(key)));
      }
    }
    Set<String> known =
        config.keys().stream().map(ServiceConfig::envName).collect(Collectors.toSet());
    for (String variable : env.keySet()) {
      if (!known.contains(variable) && !processVariable(variable) && !frameworkKey(variable)) {
        problems.add(prefix + variable + " sets no key that the service reads");
      }
    }
    Optional<String> listens = config.value("quarkus.http.port", env);
    if (listens.isEmpty() || !listens.get().equals(Integer.toString(port))) {
      problems.add(
          "%slistens on %s (quarkus.http.port) but is reached on %s"
              .formatted(prefix, listens.orElse("?"), port));
    }
    return problems;
  }

  static boolean loopback(String value) {
    return LOOPBACK.matcher(value).find();
  }

  private static boolean processVariable(String variable) {
    return PROCESS_VARIABLES.contains(variable)
        || PROCESS_PREFIXES.stream().anyMatch(variable::startsWith);
  }

  private static boolean frameworkKey(String variable) {
    return FRAMEWORK_PREFIXES.stream().anyMatch(variable::startsWith);
  }
}
