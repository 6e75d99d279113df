package dev.stride.ingestion.api;

import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.SyntheticSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Dataset ids derived from the source, so that asking twice for the same data yields one dataset.
 */
final class DatasetIds {

  private DatasetIds() {}

  static String of(DatasetSource source) {
    if (source.synthetic() != null) {
      SyntheticSpec s = source.synthetic();
      return String.format(
          Locale.ROOT, "synthetic-%d-%d-%d-s%d", s.train(), s.validation(), s.test(), s.seed());
    }
    if (source.url() != null) {
      String file = URI.create(source.url()).getPath().replaceAll(".*/", "");
      String name = slug(file.replaceAll("\\.(tar\\.gz|tgz|gz|zip|tar)$", ""));
      return name
          + "-"
          + (source.md5() != null
              ? source.md5().substring(0, 8).toLowerCase()
              : hash(source.url()));
    }
    if (source.path() != null) {
      String file = source.path().replaceAll(".*/", "");
      return slug(file.replaceAll("\\.(tar\\.gz|tgz|gz|zip|tar)$", "")) + "-" + hash(source.path());
    }
    return "object-" + hash(source.objectKey());
  }

  private static String slug(String name) {
    String slug =
        name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    return slug.isEmpty() ? "dataset" : slug.substring(0, Math.min(slug.length(), 60));
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
