package dev.stride.ingestion;

import dev.stride.storage.StoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the ingestion service; every key is {@code ingestion.*}. */
@ConfigMapping(prefix = "ingestion")
public interface IngestionConfig {

  /** The object store datasets are written to (defaults in application.properties). */
  StoreConfig store();

  /** What a request without a source ingests: the canonical CIFAR-10 binary archive. */
  @WithDefault("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")
  String defaultUrl();

  /** The MD5 the default download must have. */
  @WithDefault("c32a1d4ab5d03f1284b67883e8d87530")
  String defaultMd5();

  /** The only folder {@code source.path} may name files in; unset: path sources are refused. */
  Optional<String> importDirectory();

  /** Allow URLs resolving to loopback, private or link-local addresses (closed networks only). */
  @WithDefault("false")
  boolean allowPrivateAddresses();

  /**
   * Hosts (as written in URLs) allowed whatever they resolve to, e.g. a mirror inside the network.
   */
  Optional<List<String>> allowedHosts();

  /**
   * Address blocks (CIDR, e.g. {@code 10.20.0.0/16}) allowed however they are classified, e.g. the
   * network of a mirror; unlike {@link #allowedHosts()} they hold whatever name led to them.
   */
  Optional<List<String>> allowedNetworks();

  /** Redirects followed per download, each target checked like the first. */
  @WithDefault("5")
  int maxRedirects();

  /**
   * Largest archive accepted, downloaded or uploaded, in bytes (the CIFAR-10 archive is 170 MB).
   */
  @WithDefault("268435456")
  long maxArchiveBytes();

  /** Largest total of an archive's entries once decompressed, in bytes. */
  @WithDefault("1073741824")
  long maxDecompressedBytes();

  /** Most entries an archive may have (an image folder holds one per picture). */
  @WithDefault("200000")
  int maxEntries();

  /** Pictures of an image folder declaring more pixels than this are refused before decoding. */
  @WithDefault("16777216")
  long maxImagePixels();

  /** Characters of one class name (each goes into captions, summaries and predictions). */
  @WithDefault("100")
  int maxClassNameLength();

  /** Classes of a dataset, 2 to 256 (a label is one byte). */
  @WithDefault("256")
  int maxClasses();

  /** Images per shard object; 10,000 is one CIFAR batch file, about 30 MB. */
  @WithDefault("10000")
  int shardImages();

  /** Time allowed for one download, from connect to last byte of the body. */
  @WithDefault("PT15M")
  Duration downloadTimeout();

  /** Least time between two DatasetProgressed events of one ingest. */
  @WithDefault("PT2S")
  Duration progressInterval();

  /** Where downloads and uploads wait while they are read; the system temp folder by default. */
  @WithDefault("${java.io.tmpdir}")
  String workDirectory();
}
