package dev.stride.nn;

import dev.stride.nn.spec.ArchitectureSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The architectures Stride ships, as spec files in this module's resources ({@code
 * dev/stride/nn/presets/<name>.json}). Each ends in {@code "classes"} units, so the dataset decides
 * the output width.
 */
public final class Presets {

  /** Every preset, in the order they are offered. */
  public static final List<String> NAMES =
      List.of("alexnet-mini", "alexnet-mini-bn", "all-conv", "resnet-20");

  private Presets() {}

  /**
   * @throws UnknownArchitectureException if {@code name} is not one of {@link #NAMES}
   */
  public static ArchitectureSpec load(String name) {
    return ArchitectureSpec.parse(text(name));
  }

  /** The preset's spec file as shipped. */
  public static String text(String name) {
    if (!NAMES.contains(name)) {
      throw new UnknownArchitectureException(name, NAMES);
    }
    String resource = "presets/" + name + ".json";
    try (InputStream in = Presets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("preset " + name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read preset " + name, e);
    }
  }
}
