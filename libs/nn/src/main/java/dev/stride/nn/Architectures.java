package dev.stride.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.stride.nn.spec.ArchitectureSpec;
import dev.stride.nn.spec.InvalidSpecException;
import java.util.List;

/**
 * The architectures a run can name or carry, as DJL blocks taking (N, 3, 32, 32) and giving (N,
 * classes) logits. Every one is a spec built by {@link Network}; the named ones are {@link
 * Presets}.
 */
public final class Architectures {

  public static final String ALEXNET_MINI = "alexnet-mini";

  public static final List<String> NAMES = Presets.NAMES;

  private Architectures() {}

  /**
   * @throws UnknownArchitectureException if {@code name} is not one of {@link #NAMES}
   */
  public static Block build(String name, int classes) {
    return network(name, classes).block();
  }

  /**
   * A spec carried by a run request, built for the dataset's class count.
   *
   * @throws dev.stride.nn.spec.SpecException if the spec does not check out, or does not take
   *     CIFAR's 32×32×3 images
   */
  public static Block build(ArchitectureSpec spec, int classes) {
    return network(spec, classes).block();
  }

  /**
   * The preset with its shapes and named convolutions, for whoever also wants the summary or the
   * filter pictures of the block it trains: {@code network(...).block()} is {@link #build}'s block.
   */
  public static Network network(String name, int classes) {
    return network(Presets.load(name), classes);
  }

  /** As {@link #network(String, int)}, for a spec carried by a run request. */
  public static Network network(ArchitectureSpec spec, int classes) {
    if (!ArchitectureSpec.CIFAR_INPUT.equals(spec.input())) {
      throw new InvalidSpecException(
          null,
          null,
          "input",
          "'input' must be "
              + ArchitectureSpec.CIFAR_INPUT.dims()
              + " (Stride trains on CIFAR images), got "
              + spec.input().dims());
    }
    return Network.builder().setSpec(spec).setClasses(classes).build();
  }

  /**
   * The notebook's mini-AlexNet: five 3×3 'same' convolutions with ReLU, max-pooled 3×3 (stride 3)
   * after the first, second and fifth, then Dense 1024 → Dropout 0.5 → Dense 1024 → Dense classes.
   * The softmax of the notebook's last layer is left to the loss and to prediction.
   */
  public static SequentialBlock alexnetMini(int classes) {
    return alexnetMiniNetwork(classes).block();
  }

  /** The convolutional part: (N, 3, 32, 32) → (N, 128, 1, 1); 831,424 parameters. */
  public static SequentialBlock alexnetMiniFeatures() {
    // the features do not depend on the class count
    return alexnetMiniNetwork(1).features();
  }

  /** The fully-connected part: (N, 128, 1, 1) → (N, classes). */
  public static SequentialBlock alexnetMiniClassifier(int classes) {
    return alexnetMiniNetwork(classes).head();
  }

  private static Network alexnetMiniNetwork(int classes) {
    return network(ALEXNET_MINI, classes);
  }
}
