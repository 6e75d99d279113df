package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks of a rendered deploy/k8s kustomization that no schema expresses: references between
 * objects, and agreement with the services' configuration, ports, topics and bucket. Each returns
 * its problems, one line each; none means the check passed.
 */
final class KubernetesChecks {

  private final KubeObjects objects;

  KubernetesChecks(KubeObjects objects) {
    this.objects = objects;
  }

  /** Each Stride service: its Deployment and Service against what it reads and listens on. */
  List<String> services(List<ServiceConfig> configs, String where) {
    List<String> problems = new ArrayList<>();
    for (ServiceConfig config : configs) {
      Optional<JsonNode> deployment = objects.strideDeployment(config.name());
      if (deployment.isEmpty()) {
        problems.add(where + ": no Deployment of " + config.name());
        continue;
      }
      JsonNode container = KubeObjects.podSpec(deployment.get()).path("containers").path(0);
      Map<String, String> env = objects.environment(container, problems);
      int port =
          KubeObjects.containerPort(container, Yamls.JSON.getNodeFactory().textNode("http"))
              .orElse(-1);
      ServiceChecks.check(config, where, env, port).forEach(problems::add);
      for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        JsonNode get = container.path(probe).path("httpGet");
        if (get.isMissingNode()) {
          problems.add("%s: %s has no HTTP %s".formatted(where, config.name(), probe));
        } else if (KubeObjects.containerPort(container, get.path("port")).orElse(-2) != port) {
          problems.add(
              "%s: %s's %s is not sent to port %s".formatted(where, config.name(), probe, port));
        }
      }
      expectPath(problems, where, config, container, "livenessProbe", "/q/health/live");
      expectPath(problems, where, config, container, "readinessProbe", "/q/health/ready");
      Optional<JsonNode> service = objects.find("Service", "stride-" + config.name());
      if (service.isEmpty()) {
        problems.add(where + ": no Service stride-" + config.name());
      } else {
        for (JsonNode servicePort : service.get().at("/spec/ports")) {
          Optional<Integer> target =
              KubeObjects.containerPort(container, servicePort.path("targetPort"));
          if (target.isEmpty()
              || target.get() != port
              || servicePort.path("port").asInt() != port) {
            problems.add(
                "%s: Service stride-%s port %s does not lead to %s"
                    .formatted(where, config.name(), servicePort, port));
          }
        }
      }
    }
    return problems;
  }

  private static void expectPath(
      List<String> problems,
      String where,
      ServiceConfig config,
      JsonNode container,
      String probe,
      String path) {
    String actual = container.path(probe).at("/httpGet/path").asText();
    if (!path.equals(actual)) {
      problems.add(
          "%s: %s's %s asks %s, not %s".formatted(where, config.name(), probe, actual, path));
    }
  }

  /** Every envFrom and valueFrom names an existing ConfigMap or Secret key. */
  List<String> references() {
    List<String> problems = new ArrayList<>();
    for (JsonNode workload : objects.workloads()) {
      for (JsonNode container : KubeObjects.podSpec(workload).path("containers")) {
        List<String> found = new ArrayList<>();
        objects.environment(container, found);
        found.forEach(
            p ->
                problems.add(
                    "%s/%s %s"
                        .formatted(workload.path("kind").asText(), KubeObjects.name(workload), p)));
      }
    }
    return problems;
  }

  /** Every container runs with liveness and readiness probes and requests CPU and memory. */
  List<String> probesAndResources() {
    List<String> problems = new ArrayList<>();
    for (JsonNode workload : objects.workloads()) {
      boolean job = "Job".equals(workload.path("kind").asText());
      for (JsonNode container : KubeObjects.podSpec(workload).path("containers")) {
        String where =
            workload.path("kind").asText()
                + "/"
                + KubeObjects.name(workload)
                + " "
                + container.path("name").asText();
        if (!job && (!container.has("livenessProbe") || !container.has("readinessProbe"))) {
          problems.add(where + ": no liveness or readiness probe");
        }
        if (!container.at("/resources/requests/cpu").isValueNode()
            || !container.at("/resources/requests/memory").isValueNode()) {
          problems.add(where + ": no CPU or memory request");
        }
      }
    }
    return problems;
  }

  /** Every Service selects pods, and its target ports are theirs ({@code planned}: none yet). */
  List<String> servicesSelectPods(Set<String> planned) {
    List<String> problems = new ArrayList<>();
    for (JsonNode service : objects.ofKind("Service")) {
      String name = KubeObjects.name(service);
      List<JsonNode> pods =
          objects.workloads().stream()
              .filter(
                  w -> KubeObjects.selects(service.at("/spec/selector"), KubeObjects.podLabels(w)))
              .toList();
      if (pods.isEmpty() && !planned.contains(name)) {
        problems.add("Service " + name + " selects no pods");
      }
      for (JsonNode workload : pods) {
        for (JsonNode port : service.at("/spec/ports")) {
          boolean served = false;
          for (JsonNode container : KubeObjects.podSpec(workload).path("containers")) {
            served |= KubeObjects.containerPort(container, port.path("targetPort")).isPresent();
          }
          if (!served) {
            problems.add(
                "Service %s targets %s, which %s does not expose"
                    .formatted(name, port.path("targetPort"), KubeObjects.name(workload)));
          }
        }
      }
    }
    return problems;
  }

  /**
   * Ingress: a default deny, and only the named pods open to any source, on the given ports
   * (app.kubernetes.io/name to port).
   */
  List<String> networkPolicies(Map<String, Integer> exposed) {
    List<String> problems = new ArrayList<>();
    List<JsonNode> policies = objects.ofKind("NetworkPolicy");
    boolean defaultDeny =
        policies.stream()
            .anyMatch(
                p ->
                    p.at("/spec/podSelector").isEmpty()
                        && p.at("/spec/policyTypes").toString().contains("Ingress")
                        && p.at("/spec/ingress").isEmpty());
    if (!defaultDeny) {
      problems.add("no default-deny ingress NetworkPolicy");
    }
    Map<String, Set<Integer>> open = new LinkedHashMap<>();
    for (JsonNode policy : policies) {
      for (JsonNode rule : policy.at("/spec/ingress")) {
        if (!openToAll(rule)) {
          continue;
        }
        Set<Integer> ports = new TreeSet<>();
        rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
        for (String app : selectedApps(policy.at("/spec/podSelector"))) {
          open.computeIfAbsent(app, a -> new TreeSet<>()).addAll(ports);
        }
      }
    }
    if (!open.keySet().equals(exposed.keySet())) {
      problems.add(
          "open to any source: %s, expected only %s".formatted(open.keySet(), exposed.keySet()));
    }
    exposed.forEach(
        (app, port) -> {
          if (open.containsKey(app) && !open.get(app).equals(Set.of(port))) {
            problems.add("%s is open on %s, expected port %s".formatted(app, open.get(app), port));
          }
        });
    return problems;
  }

  private static boolean openToAll(JsonNode rule) {
    if (!rule.has("from") || rule.path("from").isEmpty()) {
      return true;
    }
    for (JsonNode peer : rule.path("from")) {
      if ("0.0.0.0/0".equals(peer.at("/ipBlock/cidr").asText())) {
        return true;
      }
    }
    return false;
  }

  /** The app.kubernetes.io/name values a policy's pod selector picks among the workloads. */
  private List<String> selectedApps(JsonNode selector) {
    Set<String> apps = new TreeSet<>();
    for (JsonNode workload : objects.workloads()) {
      Map<String, String> labels = KubeObjects.podLabels(workload);
      if (KubeObjects.selects(selector, labels)) {
        apps.add(labels.get("app.kubernetes.io/name"));
      }
    }
    // a planned app has no workload yet: its selector names it directly
    String named = selector.at("/matchLabels/app.kubernetes.io~1name").asText();
    if (!named.isEmpty()) {
      apps.add(named);
    }
    return List.copyOf(apps);
  }
}
