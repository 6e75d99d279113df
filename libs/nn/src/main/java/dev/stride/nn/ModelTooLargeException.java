package dev.stride.nn;

import dev.stride.nn.spec.LayerShape;
import dev.stride.nn.spec.SpecException;

/**
 * A spec that checks out but is larger than {@link ModelLimits} allow; names the figure, its cap
 * and the layer that weighs most: "layer 1 conv: the model has ... parameters; at most ... are
 * allowed (the largest layer is conv2d: ...)".
 */
public class ModelTooLargeException extends SpecException {

  ModelTooLargeException(LayerShape heaviest, String message) {
    super(
        heaviest.index(),
        heaviest.type(),
        message
            + " (the largest layer is "
            + heaviest.name()
            + ": "
            + heaviest.params()
            + " parameters, output "
            + heaviest.output()
            + ")",
        null);
  }
}
