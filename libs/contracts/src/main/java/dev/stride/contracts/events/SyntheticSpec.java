package dev.stride.contracts.events;

/**
 * A generated, learnable CIFAR-shaped 10-class dataset: image counts per split and the seed that
 * makes it reproducible. Absent fields take the defaults below.
 */
public record SyntheticSpec(Integer train, Integer validation, Integer test, Long seed) {

  public static final int MAX_IMAGES = 200_000;

  public SyntheticSpec {
    train = Checks.positive(train == null ? 2000 : train, "source.synthetic.train");
    validation =
        Checks.notNegative(validation == null ? 500 : validation, "source.synthetic.validation");
    test = Checks.positive(test == null ? 500 : test, "source.synthetic.test");
    seed = seed == null ? 42L : seed;
    if (train + validation + test > MAX_IMAGES) {
      throw new InvalidFieldException(
          "source.synthetic", "synthetic datasets hold at most " + MAX_IMAGES + " images in all");
    }
  }
}
