package dev.stride.predictor;

import dev.stride.storage.StoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the predictor; every key is {@code predictor.*}. */
@ConfigMapping(prefix = "predictor")
public interface PredictorConfig {

  /** The object store holding the model registry and checkpoints. */
  StoreConfig store();

  /** The registry entry this predictor serves (models/{name}/current.json). */
  @WithDefault("cifar10")
  String modelName();

  /** Pictures whose header declares more pixels than this are refused before decoding. */
  @WithDefault("16777216")
  long maxImagePixels();

  /** How many of the most probable classes a prediction lists first. */
  @WithDefault("3")
  int topK();

  /** How often the registry is re-read, in case a ModelPromoted event was missed. */
  @WithDefault("PT30S")
  Duration refreshInterval();

  /** How long a replaced model stays open for requests already using it. */
  @WithDefault("PT30S")
  Duration retireAfter();

  /** Where checkpoint files are downloaded to be checked and loaded. */
  @WithDefault("${java.io.tmpdir}")
  String workDirectory();
}
