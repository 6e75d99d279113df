package dev.stride.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * MiniKustomize, the stand-in for machines without kustomize, renders deploy/k8s as kustomize does.
 */
class KustomizeTest {

  @Test
  @org.junit.jupiter.api.Disabled(
      "deploy/k8s uses components and generators, which MiniKustomize refuses; issue 18 point 7"
          + " removes MiniKustomize and renders with kustomize only")
  void miniKustomizeRendersDeployK8sLikeKustomize() {
    Optional<List<String>> kustomize = Kustomize.command();
    assumeTrue(kustomize.isPresent(), "no kustomize or kubectl on this machine");

    for (String kustomization : Design.KUSTOMIZATIONS) {
      List<JsonNode> expected = Kustomize.run(kustomize.get(), Checkout.path(kustomization));
      List<JsonNode> actual = MiniKustomize.build(Checkout.path(kustomization));

      assertThat(actual).as(kustomization).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void jsonPatchAddsReplacesAndRemoves() {
    JsonNode target = Yamls.parse("spec: {replicas: 3, list: [a, c]}\n");
    JsonNode patch =
        Yamls.parse(
            """
            - {op: replace, path: /spec/replicas, value: 1}
            - {op: add, path: /spec/list/1, value: b}
            - {op: add, path: /spec/list/-, value: d}
            - {op: add, path: /spec/nvidia.com~1gpu, value: 1}
            - {op: remove, path: /spec/list/0}
            - {op: test, path: /spec/replicas, value: 1}
            """);

    JsonPatch.apply(patch, target);

    assertThat(target)
        .isEqualTo(Yamls.parse("spec: {replicas: 1, list: [b, c, d], nvidia.com/gpu: 1}\n"));
  }
}
