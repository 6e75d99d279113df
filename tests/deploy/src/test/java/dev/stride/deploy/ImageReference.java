package dev.stride.deploy;

import java.util.regex.Pattern;

/**
 * An image reference as Docker reads it: {@code [registry/]path[:tag][@digest]}. The first
 * component is a registry host when it has a dot or a port, or is {@code localhost}; without one,
 * Docker pulls from Docker Hub ({@code docker.io}), where a one-component path means {@code
 * library/}.
 */
record ImageReference(String text, String registry, String path, String tag, String digest) {

  /** A version with at least two numbers (17.0.17, 4.1.1) or a date (RELEASE.2025-09-07…). */
  private static final Pattern VERSION = Pattern.compile(".*(\\d+\\.\\d+|\\d{4}-\\d{2}-\\d{2}).*");

  static ImageReference parse(String text) {
    String rest = text.strip();
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry = null;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    return new ImageReference(text, registry, rest, tag, digest);
  }

  boolean hasRegistryHost() {
    return registry != null;
  }

  /** Docker Hub: named as docker.io (or its old names), or not named at all. */
  boolean onDockerHub() {
    return registry == null
        || registry.equals("docker.io")
        || registry.equals("index.docker.io")
        || registry.equals("registry-1.docker.io");
  }

  boolean hasDigest() {
    return digest != null && digest.matches("sha256:[0-9a-f]{64}");
  }

  /**
   * Pinned: a digest, or a tag that names a release (not latest, not a floating major such as
   * 17-jre or 8).
   */
  boolean pinned() {
    return hasDigest() || tag != null && !tag.equals("latest") && VERSION.matcher(tag).matches();
  }
}
