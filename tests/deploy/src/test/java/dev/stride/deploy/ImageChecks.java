package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where each image comes from (deploy/README.md, "Images"): every image a deployment pulls names
 * its registry; a third-party image is pinned to a release (a digest for MinIO's frozen images);
 * nothing comes from Docker Hub's deleted {@code minio/} repositories. Stride's own images are
 * built from this repository and tagged with its version.
 */
final class ImageChecks {

  private ImageChecks() {}

  /** An image this repository does not build. */
  static List<String> thirdParty(String where, String text) {
    List<String> problems = new ArrayList<>();
    ImageReference image = ImageReference.parse(text);
    String prefix = where + ": image " + text + " ";
    if (!image.hasRegistryHost()) {
      problems.add(prefix + "names no registry host (docker.io/…, quay.io/…)");
    }
    if (!image.pinned()) {
      problems.add(prefix + "is not pinned: give a release tag (not latest) or a digest");
    }
    boolean minio = image.path().startsWith("minio/");
    if (minio && image.onDockerHub()) {
      problems.add(prefix + "is on Docker Hub's minio/, which MinIO deleted: use quay.io/minio/");
    } else if (minio && !image.hasDigest()) {
      problems.add(prefix + "is a frozen MinIO image: pin it by digest");
    }
    return problems;
  }

  /** An image built from this repository, as a cluster pulls it: from a named registry. */
  static List<String> strideImage(String where, String text) {
    return ImageReference.parse(text).hasRegistryHost()
        ? List.of()
        : List.of(where + ": Stride image " + text + " names no registry host to pull it from");
  }

  /** Compose services: those with {@code build:} are built here, every other one is pulled. */
  static List<String> compose(ComposeFile compose) {
    List<String> problems = new ArrayList<>();
    for (String name : compose.serviceNames()) {
      JsonNode service = compose.service(name);
      if (!service.has("build")) {
        problems.addAll(thirdParty("compose " + name, service.path("image").asText()));
      }
    }
    return problems;
  }

  /**
   * Every container image of a rendered kustomization. Stride's are those whose path ends in {@code
   * stride/<service>} (or {@code stride/trainer-cpu}).
   */
  static List<String> kubernetes(String where, KubeObjects objects, List<String> services) {
    Set<String> stride = new HashSet<>();
    for (String service : services) {
      stride.add("stride/" + service);
    }
    stride.add("stride/trainer-cpu");
    List<String> problems = new ArrayList<>();
    for (JsonNode object : objects.all()) {
      String name = where + " " + object.path("kind").asText() + "/" + KubeObjects.name(object);
      for (String image : containerImages(object)) {
        String path = ImageReference.parse(image).path();
        boolean ours = stride.stream().anyMatch(s -> path.equals(s) || path.endsWith("/" + s));
        problems.addAll(ours ? strideImage(name, image) : thirdParty(name, image));
      }
    }
    return problems;
  }

  /**
   * The images of every container list in an object, wherever the kind keeps it (a pod template, a
   * KServe predictor, ...).
   */
  static List<String> containerImages(JsonNode node) {
    List<String> images = new ArrayList<>();
    node.fields()
        .forEachRemaining(
            field -> {
              boolean containers =
                  field.getKey().equals("containers")
                      || field.getKey().equals("initContainers")
                      || field.getKey().equals("ephemeralContainers");
              if (containers && field.getValue().isArray()) {
                field.getValue().forEach(c -> images.add(c.path("image").asText()));
              } else if (field.getValue().isContainerNode()) {
                images.addAll(containerImages(field.getValue()));
              }
            });
    if (node.isArray()) {
      node.forEach(element -> images.addAll(containerImages(element)));
    }
    return images;
  }

  /** Every FROM of a Dockerfile that pulls an image (not one naming an earlier stage). */
  static List<String> dockerfile(String where, Dockerfile dockerfile) {
    List<String> problems = new ArrayList<>();
    Set<String> stages = new HashSet<>();
    for (Dockerfile.Stage stage : dockerfile.stages()) {
      if (!stages.contains(stage.from())) {
        String name = where + " (FROM of " + (stage.name() == null ? "final stage" : stage.name());
        problems.addAll(thirdParty(name + ")", stage.from()));
      }
      if (stage.name() != null) {
        stages.add(stage.name());
      }
    }
    return problems;
  }
}
