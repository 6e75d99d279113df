package dev.stride.console;

import dev.stride.storage.StoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the console; every key is {@code console.*}. */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {

  /** The object store whose run and dataset pictures the UI shows. */
  StoreConfig store();

  /** The most run requests one sweep may expand to; a larger grid is refused with 400. */
  @WithDefault("64")
  int maxSweepRuns();

  /**
   * The most parameters a spec's model may have; architectures/summary refuses a larger one with
   * 400 (as does the trainer, with run-failed).
   */
  @WithDefault("100000000")
  long maxModelParams();

  /** The most fp32 bytes every layer's output of one batch may take together (8 GiB). */
  @WithDefault("8589934592")
  long maxActivationBytes();

  /** The predictor the predict page's pictures are forwarded to. */
  @WithDefault("http://127.0.0.1:8080")
  String predictorUrl();

  /** The ingestion service dataset requests from the UI are forwarded to. */
  @WithDefault("http://127.0.0.1:8081")
  String ingestionUrl();

  /** The evaluator, whose model registry the run page's promote button changes. */
  @WithDefault("http://127.0.0.1:8083")
  String evaluatorUrl();

  /**
   * How often a run's event stream sends a comment line when nothing happens, so that proxies and
   * load balancers that close idle connections (often after 60 s) keep it open.
   */
  @WithDefault("PT15S")
  Duration streamHeartbeat();

  /** Who may act through the control API. */
  Auth auth();

  interface Auth {

    /**
     * When true, the control API's actions need an API key; reads, pages, health and metrics stay
     * open.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * The keys and their roles, each {@code key:role[+role]}: role {@code control} submits, cancels
     * and promotes runs, starts sweeps and ingests datasets; {@code predict} forwards pictures to
     * the predictor. A key may be given as {@code sha256:<hex>} of the key.
     */
    Optional<List<String>> apiKeys();
  }
}
