package dev.stride.evaluator;

import dev.stride.storage.StoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Settings of the evaluator; every key is {@code evaluator.*}. */
@ConfigMapping(prefix = "evaluator")
public interface EvaluatorConfig {

  /** The object store holding datasets, checkpoints, reports and the model registry. */
  StoreConfig store();

  /**
   * Where checkpoints are scored: "auto" (the first GPU the engine sees, else the CPU), "cpu",
   * "gpu0"... (see DeviceSetting); anything else stops the evaluator at start.
   */
  @WithDefault("auto")
  String device();

  /** Images per forward pass when scoring the test split. */
  @WithDefault("256")
  int batchSize();

  /**
   * When a run takes a model name's place: "better" if its test accuracy beats the current one's,
   * "always", or "never" (promote by hand).
   */
  @WithDefault("better")
  PromotionPolicy promotion();

  /** A prediction this confident or more is "high confidence" in the notebook's four cases. */
  @WithDefault("0.8")
  double highConfidence();

  /** A prediction less confident than this is "low confidence". */
  @WithDefault("0.5")
  double lowConfidence();

  /** Examples shown per case in confidence.png. */
  @WithDefault("8")
  int caseExamples();

  /** Confidence bins of the reliability diagram and the calibration error. */
  @WithDefault("10")
  int calibrationBins();

  /** Picks the 25 test images of predictions.png: the same seed, the same images for every run. */
  @WithDefault("0")
  long predictionsSeed();

  /** Where checkpoint files are downloaded to be checked and loaded. */
  @WithDefault("${java.io.tmpdir}")
  String workDirectory();

  /** Who may change the model registry over REST. */
  Auth auth();

  interface Auth {

    /**
     * When true, promotions and rollbacks need an API key with role {@code control}; reports, the
     * registry's reads, health and metrics stay open.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * The keys and their roles, each {@code key:role}; the one role is {@code control}. A key may
     * be given as {@code sha256:<hex>} of the key.
     */
    Optional<List<String>> apiKeys();
  }

  enum PromotionPolicy {
    BETTER,
    ALWAYS,
    NEVER
  }
}
