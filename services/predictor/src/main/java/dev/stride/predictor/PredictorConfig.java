package dev.stride.predictor;

import dev.stride.storage.StoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the predictor; every key is {@code predictor.*}. */
@ConfigMapping(prefix = "predictor")
public interface PredictorConfig {

  /** The object store holding the model registry and checkpoints. */
  StoreConfig store();

  /** The registry entry this predictor serves (models/{name}/current.json). */
  @WithDefault("cifar10")
  String modelName();

  /**
   * Where served models run: "auto" (the first GPU the engine sees, else the CPU), "cpu", "gpu0"...
   * (see DeviceSetting); anything else stops the predictor at start.
   */
  @WithDefault("auto")
  String device();

  /**
   * A picture whose header declares more pixels than this (2048×2048) is refused with 413 before it
   * is decoded: decoding costs CPU by the declared size, and the model sees 32×32 anyway.
   */
  @WithDefault("4194304")
  long maxPixelsPerPicture();

  /**
   * The pixels all pictures of one request may declare together (four 2048×2048); weighed from
   * their headers before any is decoded, refused with 413.
   */
  @WithDefault("16777216")
  long maxPixelsPerRequest();

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

  /** The most pictures one request may carry (multipart parts, or N of a [N,32,32,3] tensor). */
  @WithDefault("64")
  int maxImagesPerRequest();

  /** Dynamic batching of concurrent requests into one forward pass. */
  Batching batching();

  /** API keys; off unless enabled. */
  Auth auth();

  interface Batching {

    /** A batch runs when it holds this many pictures... */
    @WithDefault("32")
    int maxBatchSize();

    /** ...or when its oldest picture has waited this long. */
    @WithDefault("PT0.005S")
    Duration maxDelay();

    /**
     * Pictures waiting or running at most; a request that does not fit gets 429 at once. Must be at
     * least the max batch size and the max pictures per request.
     */
    @WithDefault("512")
    int maxQueued();

    /** A request still unanswered after this gets 503. */
    @WithDefault("PT10S")
    Duration timeout();
  }

  interface Auth {

    /** When true, /api/v1 and /v2/models require an API key; health and metrics stay open. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The keys and their roles, each {@code key:role[+role]}: role {@code read} lists and describes
     * models, {@code predict} also classifies. A key may be given as {@code sha256:<hex>} of the
     * key, so the secret itself is not in the configuration.
     */
    Optional<List<String>> apiKeys();
  }
}
