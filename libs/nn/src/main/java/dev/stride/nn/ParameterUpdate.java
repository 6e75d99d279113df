package dev.stride.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimizer step on one device, without DJL's per-parameter gradient copy: {@code
 * Trainer.step()} goes through {@code LocalParameterServer}, which duplicates every gradient before
 * the update (needed only to share one reduced gradient among several devices' weights). Here each
 * weight is updated with its own gradient, in the same kernel DJL uses, so the numbers are the
 * same; several devices still step through the trainer.
 */
final class ParameterUpdate {

  private final Trainer trainer;
  private final Optimizer optimizer;
  private final List<Parameter> trainable = new ArrayList<>();
  private final boolean direct;

  ParameterUpdate(Trainer trainer, Optimizer optimizer) {
    this.trainer = trainer;
    this.optimizer = optimizer;
    for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
      if (p.getValue().requiresGradient()) {
        trainable.add(p.getValue());
      }
    }
    direct = trainer.getDevices().length == 1 && ThreadGradients.isPyTorch(trainer);
  }

  void step() {
    if (!direct) {
      trainer.step();
      return;
    }
    for (Parameter parameter : trainable) {
      NDArray weight = parameter.getArray();
      // a new handle on the weight's gradient; the update reads it and zeroes the gradient
      try (NDArray gradient = weight.getGradient()) {
        optimizer.update(parameter.getId(), weight, gradient);
      }
    }
  }
}
