package dev.stride.trainer;

import dev.stride.storage.StoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of a trainer worker; every key is {@code trainer.*}. */
@ConfigMapping(prefix = "trainer")
public interface TrainerConfig {

  /** The object store holding datasets, checkpoints and histories. */
  StoreConfig store();

  /**
   * Consumer group of all trainers: its members share training.requests, each training up to
   * max-concurrent-runs runs at a time.
   */
  @WithDefault("trainers")
  String group();

  /**
   * "auto" trains on the first GPU the engine sees (up to a run's hyperparameters.devices GPUs),
   * else the CPU; or name one: "cpu", "gpu0", "gpu1" (see DeviceSetting). A value that names no
   * device, or a GPU the engine does not see, stops the worker at start.
   */
  @WithDefault("auto")
  String device();

  /**
   * How many runs this worker trains at once, all on its device (threads of this process, each with
   * its own Kafka lease); more than one packs a GPU that one small run leaves idle between kernels.
   * At least 1.
   */
  @WithDefault("1")
  int maxConcurrentRuns();

  /**
   * A run is taken beside others only while the device has this many times its estimated need free
   * (see TrainingMemory); otherwise its request waits until one of this worker's runs ends. A lone
   * run is always taken.
   */
  @WithDefault("2.0")
  double runMemoryFactor();

  /**
   * The most epochs one run may ask for; a request for more is refused with RunFailed before it
   * trains. Bounds how long one request can hold a worker (each epoch leaves a checkpoint and
   * events). At least 1.
   */
  @WithDefault("1000")
  int maxEpochs();

  /**
   * How many of a run's newest checkpoints stay in the store as it trains; the best one and the
   * newest one stay besides, and a cancelled run keeps only those two. At least 1.
   */
  @WithDefault("3")
  int keepCheckpoints();

  /**
   * The most parameters a requested model may have, from shape inference before anything is built;
   * a larger one gets run-failed naming its figure (100 M: 400 MB of fp32 weights).
   */
  @WithDefault("100000000")
  long maxModelParams();

  /**
   * The most fp32 bytes every layer's output of one batch may take together; a larger model or
   * batch gets run-failed naming its figure (8 GiB).
   */
  @WithDefault("8589934592")
  long maxActivationBytes();

  /** Time between RunProgressed events while an epoch runs. */
  @WithDefault("PT5S")
  Duration progressInterval();

  /**
   * How long the group waits for a worker that stopped heartbeating (killed, partitioned) before
   * its runs go to another: the failover time after a crash.
   */
  @WithDefault("PT45S")
  Duration sessionTimeout();

  /** How this worker names itself in events; the host name if unset. */
  Optional<String> workerName();

  /** How long stopping (shutdown, lost partition) waits for the current run to wind down. */
  @WithDefault("PT60S")
  Duration stopTimeout();

  /** Where checkpoint files are written before upload. */
  @WithDefault("${java.io.tmpdir}")
  String workDirectory();

  /** Marks this worker's pod costly to delete while it trains, so a scale-in takes idle ones. */
  PodDeletionCost podDeletionCost();

  /**
   * Kubernetes' {@code controller.kubernetes.io/pod-deletion-cost} on this worker's own pod: a
   * ReplicaSet scaled in deletes the pods of lowest cost first. Needs a service account that may
   * get and patch pods in the namespace.
   */
  interface PodDeletionCost {

    /** When true, the worker annotates its own pod: busy-cost while it trains, 0 when idle. */
    @WithDefault("false")
    boolean enabled();

    /** The Kubernetes API server (a plain http URL needs no CA). */
    @WithDefault("https://kubernetes.default.svc")
    URI apiUrl();

    /** Where Kubernetes mounts the service account's token and the cluster CA (ca.crt). */
    @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount")
    Path serviceAccountDirectory();

    /** This worker's pod: the downward API's POD_NAME. */
    @WithDefault("${POD_NAME:}")
    Optional<String> podName();

    /** The pod's namespace: the downward API's POD_NAMESPACE. */
    @WithDefault("${POD_NAMESPACE:}")
    Optional<String> podNamespace();

    /** The cost while a run trains (idle is 0); any positive value ranks busy pods last. */
    @WithDefault("1000000")
    long busyCost();

    /** How long one call to the API server may take. */
    @WithDefault("PT5S")
    Duration timeout();
  }
}
