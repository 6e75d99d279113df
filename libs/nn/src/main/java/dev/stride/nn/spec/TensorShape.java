package dev.stride.nn.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A shape without the batch axis, channels last as Keras writes it: (height, width, channels) for a
 * volume, (n) for a vector. DJL's own shapes are (N, C, H, W) and (N, n).
 */
public record TensorShape(List<Integer> dims) {

  private static final Pattern TIMES = Pattern.compile("\\s*[x×]\\s*");

  public TensorShape {
    dims = List.copyOf(dims);
    if (dims.size() != 1 && dims.size() != 3) {
      throw new IllegalArgumentException(
          "must be [height, width, channels] or [size], got " + dims);
    }
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("must hold sizes of at least 1, got " + dims);
      }
    }
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static TensorShape of(List<Integer> dims) {
    return new TensorShape(dims);
  }

  public static TensorShape volume(int height, int width, int channels) {
    return new TensorShape(List.of(height, width, channels));
  }

  public static TensorShape vector(int size) {
    return new TensorShape(List.of(size));
  }

  /** Reads "10x10x3" or "10×10×3" (height × width × channels). */
  public static TensorShape parse(String text) {
    String[] parts = TIMES.split(text.trim());
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "a shape is height×width×channels such as 32x32x3, got '" + text + "'");
    }
    try {
      return volume(
          Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a shape is height×width×channels such as 32x32x3, got '" + text + "'", e);
    }
  }

  @JsonValue
  @Override
  public List<Integer> dims() {
    return dims;
  }

  public boolean isVolume() {
    return dims.size() == 3;
  }

  public int height() {
    return volumeDim(0);
  }

  public int width() {
    return volumeDim(1);
  }

  /** The last axis: a volume's channels, a vector's size. */
  public int channels() {
    return dims.get(dims.size() - 1);
  }

  /**
   * Values in the shape.
   *
   * @throws ArithmeticException past 2^63 (three axes near 2^31)
   */
  public long size() {
    long size = 1;
    for (int d : dims) {
      size = Math.multiplyExact(size, d);
    }
    return size;
  }

  /** Keras' notation, batch axis first: "(None, 32, 32, 48)". */
  public String keras() {
    return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "(None, ", ")"));
  }

  /** "32×32×48", or "1024" for a vector. */
  @Override
  public String toString() {
    return dims.stream().map(String::valueOf).collect(Collectors.joining("×"));
  }

  private int volumeDim(int axis) {
    if (!isVolume()) {
      throw new IllegalStateException("a vector of " + channels() + " has no height or width");
    }
    return dims.get(axis);
  }
}
