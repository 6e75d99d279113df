package dev.stride.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long a store call rides out an outage before it fails: one group, {@code
 * stride.store.retry.*}, read by every service (their *Beans hand it to {@link
 * ObjectStore#connect(StoreConfig, StoreRetryConfig)}); plain Java code uses {@link #DEFAULTS}. The
 * defaults (ten tries, 0.2 s apart at first, doubling up to 5 s apart) ride out about 26 s.
 */
@ConfigMapping(prefix = "stride.store.retry")
public interface StoreRetryConfig {

  String DEFAULT_ATTEMPTS = "10";
  String DEFAULT_FIRST_DELAY = "PT0.2S";
  String DEFAULT_MAX_DELAY = "PT5S";

  /** The defaults, for code that is not configured by a framework. */
  StoreRetryConfig DEFAULTS =
      new Settings(
          Integer.parseInt(DEFAULT_ATTEMPTS),
          Duration.parse(DEFAULT_FIRST_DELAY),
          Duration.parse(DEFAULT_MAX_DELAY));

  /** Tries per store call, the first included; at least 1. */
  @WithDefault(DEFAULT_ATTEMPTS)
  int attempts();

  /** Wait before the second try, doubled for each later one; less than max-delay. */
  @WithDefault(DEFAULT_FIRST_DELAY)
  Duration firstDelay();

  /** The longest wait between two tries. */
  @WithDefault(DEFAULT_MAX_DELAY)
  Duration maxDelay();

  /** The group as a value. */
  record Settings(int attempts, Duration firstDelay, Duration maxDelay)
      implements StoreRetryConfig {}
}
