package dev.stride.evaluator;

import dev.stride.storage.StoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the evaluator; every key is {@code evaluator.*}. */
@ConfigMapping(prefix = "evaluator")
public interface EvaluatorConfig {

  /** The object store holding datasets, checkpoints, reports and the model registry. */
  StoreConfig store();

  /** Images per forward pass when scoring the test split. */
  @WithDefault("256")
  int batchSize();

  /**
   * When a run takes a model name's place: "better" if its test accuracy beats the current one's,
   * "always", or "never" (promote by hand).
   */
  @WithDefault("better")
  PromotionPolicy promotion();

  /** Where checkpoint files are downloaded to be checked and loaded. */
  @WithDefault("${java.io.tmpdir}")
  String workDirectory();

  enum PromotionPolicy {
    BETTER,
    ALWAYS,
    NEVER
  }
}
