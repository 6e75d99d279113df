package dev.stride.nn.spec;

/**
 * A layer that cannot apply to the shape it receives: a window larger than its input, a dense layer
 * on a volume, a network that does not end in one score per class.
 */
public class ShapeException extends SpecException {

  private final TensorShape input;

  /** A failure outside any spec, as the shape calculator reports it. */
  public ShapeException(TensorShape input, String message) {
    super(null, null, message, null);
    this.input = input;
  }

  public ShapeException(int layer, String type, TensorShape input, String message) {
    super(layer, type, message, null);
    this.input = input;
  }

  private ShapeException(int layer, String type, ShapeException unplaced) {
    super(layer, type, unplaced.getMessage(), unplaced);
    this.input = unplaced.input;
  }

  /** The same failure, attributed to a layer of a spec. */
  public ShapeException at(int layer, String type) {
    return new ShapeException(layer, type, this);
  }

  /** The shape the layer received. */
  public TensorShape input() {
    return input;
  }
}
