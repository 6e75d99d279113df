package dev.stride.ingestion;

import dev.stride.storage.StoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the ingestion service; every key is {@code ingestion.*}. */
@ConfigMapping(prefix = "ingestion")
public interface IngestionConfig {

  /** The object store datasets are written to (defaults in application.properties). */
  StoreConfig store();

  /**
   * Largest archive accepted, downloaded or uploaded, in bytes (the CIFAR-10 archive is 170 MB).
   */
  @WithDefault("268435456")
  long maxArchiveBytes();

  /** Largest total of an archive's entries once decompressed, in bytes. */
  @WithDefault("1073741824")
  long maxDecompressedBytes();

  /** Images per shard object; 10,000 is one CIFAR batch file, about 30 MB. */
  @WithDefault("10000")
  int shardImages();

  /** Time allowed for one download, from connect to last byte. */
  @WithDefault("PT15M")
  Duration downloadTimeout();

  /** Where downloads and uploads wait while they are read; the system temp folder by default. */
  @WithDefault("${java.io.tmpdir}")
  String workDirectory();
}
