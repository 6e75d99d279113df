package dev.stride.contracts.events;

import static dev.stride.contracts.events.Hyperparameters.DEFAULT_BATCH_SIZE;
import static dev.stride.contracts.events.Hyperparameters.DEFAULT_EPOCHS;
import static dev.stride.contracts.events.Hyperparameters.DEFAULT_LEARNING_RATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The training defaults are written once, as Hyperparameters' constants; the documents that state
 * them in prose must say the same.
 */
class HyperparametersDefaultsTest {

  private static final Path CHECKOUT = Path.of(System.getProperty("basedir", "."), "../..");

  @Test
  void absentFieldsTakeTheConstants() {
    Hyperparameters defaults = Hyperparameters.defaults();

    assertThat(defaults.epochs()).isEqualTo(DEFAULT_EPOCHS);
    assertThat(defaults.batchSize()).isEqualTo(DEFAULT_BATCH_SIZE);
    assertThat(defaults.learningRate()).isEqualTo(DEFAULT_LEARNING_RATE);
    assertThat(defaults.seed()).isEqualTo(Hyperparameters.DEFAULT_SEED);
    assertThat(defaults.shuffle()).isEqualTo(Hyperparameters.DEFAULT_SHUFFLE);
    assertThat(defaults.normalization()).isEqualTo(Hyperparameters.DEFAULT_NORMALIZATION);
    assertThat(defaults.devices()).isEqualTo(Hyperparameters.DEFAULT_DEVICES);
  }

  @Test
  void asyncApiRunRequestedStatesThem() throws IOException {
    assertThat(prose("docs/asyncapi.yaml"))
        .contains(
            "learning rate "
                + DEFAULT_LEARNING_RATE
                + ", batch size "
                + DEFAULT_BATCH_SIZE
                + ", "
                + DEFAULT_EPOCHS
                + " epochs");
  }

  @Test
  void readmeStatesThem() throws IOException {
    assertThat(prose("README.md"))
        .contains(
            "learning rate "
                + DEFAULT_LEARNING_RATE
                + ", β1 0.9, β2 0.999, ε 1e-7; batch size "
                + DEFAULT_BATCH_SIZE
                + "; "
                + DEFAULT_EPOCHS
                + " epochs");
  }

  /** The file with every run of whitespace as one space: prose wraps anywhere. */
  private static String prose(String file) throws IOException {
    return Files.readString(CHECKOUT.resolve(file).normalize()).replaceAll("\\s+", " ");
  }
}
