package dev.stride.data;

/** How training images are divided into training and validation sets. */
public final class Splits {

  /** The notebook's validation size: the last 10,000 of CIFAR-10's 50,000 training images. */
  public static final int NOTEBOOK_VALIDATION = 10_000;

  /** The training part and the held-out validation part of a training set. */
  public record TrainValidation(ImageSet train, ImageSet validation) {}

  private Splits() {}

  /**
   * The notebook's split: the last {@code validation} images become the validation set, in order.
   */
  public static TrainValidation holdOutLast(ImageSet images, int validation) {
    if (validation < 0 || validation >= images.size()) {
      throw new IllegalArgumentException(
          "cannot hold out " + validation + " of " + images.size() + " training images");
    }
    int cut = images.size() - validation;
    return new TrainValidation(images.slice(0, cut), images.slice(cut, images.size()));
  }

  /**
   * The notebook's 10,000 when the set is large enough to keep at least four times as many for
   * training (as CIFAR-10 is), otherwise a fifth of it.
   */
  public static int defaultValidationSize(int trainingImages) {
    return trainingImages >= 5 * NOTEBOOK_VALIDATION ? NOTEBOOK_VALIDATION : trainingImages / 5;
  }
}
