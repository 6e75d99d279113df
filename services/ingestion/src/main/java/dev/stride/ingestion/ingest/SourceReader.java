package dev.stride.ingestion.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.DatasetProgressed;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.SplitSpec;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.data.ImageSet;
import dev.stride.data.Splits;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.archive.ArchiveLimits;
import dev.stride.data.archive.DatasetFormatException;
import dev.stride.data.cifar.CifarBinary;
import dev.stride.data.cifar.DatasetArchive;
import dev.stride.ingestion.IngestionConfig;
import dev.stride.storage.DatasetWriter;
import dev.stride.storage.ObjectNotFoundException;
import dev.stride.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Reads a dataset from wherever its source says, checks it, and splits it. */
@ApplicationScoped
public class SourceReader {

  /** The format name of generated data in manifests. */
  public static final String SYNTHETIC = "synthetic";

  /** Characters of a refused value repeated in the answer; the rest is only counted. */
  private static final int MAX_SHOWN = 200;

  @Inject IngestionConfig config;
  @Inject ObjectStore store;

  /**
   * Reads (downloading or fetching first if need be) and splits the dataset.
   *
   * @throws IngestException naming what is wrong, with the HTTP status that fits it
   */
  DatasetWriter.Contents read(DatasetSource source, SplitSpec split, ProgressReporter progress)
      throws IngestException {
    if (source.synthetic() != null) {
      return synthetic(source, split);
    }
    if (source.path() != null) {
      return readArchive(importedFile(source.path()), source, split);
    }
    Path archive = tempFile();
    try {
      if (source.url() != null) {
        downloader()
            .download(
                source.url(),
                source.md5(),
                archive,
                (bytes, total) -> progress.report(DatasetProgressed.DOWNLOADING, bytes, total));
      } else {
        fetchObject(source.objectKey(), archive);
      }
      progress.report(DatasetProgressed.READING, 0, size(archive));
      return readArchive(archive, source, split);
    } finally {
      deleteQuietly(archive);
    }
  }

  /**
   * Reads an archive and checks it as an ingest would, without splitting it: for uploads, whose
   * problems are answered at once.
   */
  public DatasetArchive.Contents check(Path archive) throws IngestException {
    try {
      return DatasetArchive.read(archive, limits());
    } catch (DatasetFormatException e) {
      throw IngestException.of(e);
    } catch (IOException e) {
      throw new IngestException(422, "unreadable archive: " + e.getMessage(), null, null, e);
    }
  }

  /** What a request without a source ingests: the configured default download. */
  public DatasetSource defaultSource() {
    return DatasetSource.ofUrl(config.defaultUrl(), config.defaultMd5());
  }

  /**
   * The checks a source gets before a request for it is accepted: the same the ingest makes, so a
   * URL to a forbidden address, a path out of the import folder or an object that is no upload is
   * refused at once.
   */
  public void checkSource(DatasetSource source) throws IngestException {
    if (source.url() != null) {
      guard().check(java.net.URI.create(source.url()));
    }
    if (source.path() != null) {
      importedFile(source.path());
    }
    if (source.objectKey() != null) {
      checkUploadKey(source.objectKey());
    }
  }

  /** sha256 of a file, as "sha256:<hex>": what identifies an archive's content. */
  public static String checksum(Path file) {
    MessageDigest sha = sha256Digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private DatasetWriter.Contents synthetic(DatasetSource source, SplitSpec split)
      throws IngestException {
    SyntheticSpec spec = source.synthetic();
    ImageSet trainAll = SyntheticCifar.generate(spec.train() + spec.validation(), spec.seed());
    ImageSet test = SyntheticCifar.generate(spec.test(), spec.seed() + 1);
    if (spec.validation() == 0) {
      throw new IngestException(
          400, "source.synthetic.validation must be positive to train with it");
    }
    Splits.TrainValidation parts = Splits.holdOutLast(trainAll, spec.validation());
    MessageDigest sha = sha256Digest();
    sha.update(CifarBinary.toBytes(trainAll));
    sha.update(CifarBinary.toBytes(test));
    return new DatasetWriter.Contents(
        SYNTHETIC,
        parts.train(),
        parts.validation(),
        test,
        SyntheticCifar.CLASS_NAMES,
        null,
        source,
        split,
        "sha256:" + HexFormat.of().formatHex(sha.digest()));
  }

  private DatasetWriter.Contents readArchive(Path archive, DatasetSource source, SplitSpec split)
      throws IngestException {
    String checksum = checksum(archive);
    DatasetArchive.Contents contents = check(archive);
    DatasetArchive.CoarseLabels coarse = contents.coarse();
    DatasetSplitter.Result parts =
        DatasetSplitter.split(
            new DatasetSplitter.Part(contents.train(), coarse == null ? null : coarse.train()),
            contents.test() == null
                ? null
                : new DatasetSplitter.Part(contents.test(), coarse == null ? null : coarse.test()),
            split,
            DatasetArchive.IMAGE_FOLDER.equals(contents.format()));
    return new DatasetWriter.Contents(
        contents.format(),
        parts.train().images(),
        parts.validation().images(),
        parts.test().images(),
        contents.classNames(),
        coarse == null
            ? null
            : new DatasetWriter.Coarse(
                coarse.classNames(),
                parts.train().coarse(),
                parts.validation().coarse(),
                parts.test().coarse()),
        source,
        split,
        checksum);
  }

  /** A file named by a request: inside the import folder, whatever the path or links say. */
  private Path importedFile(String name) throws IngestException {
    if (config.importDirectory().isEmpty()) {
      throw new IngestException(400, "source.path is not accepted: no import folder is configured");
    }
    try {
      Path root = Path.of(config.importDirectory().get()).toRealPath();
      Path candidate = root.resolve(name).normalize();
      if (!candidate.startsWith(root) || !Files.isRegularFile(candidate)) {
        throw new IngestException(
            422, "source.path '" + name + "' is not a file in the import folder");
      }
      // a link inside the folder may still point out of it
      if (!candidate.toRealPath().startsWith(root)) {
        throw new IngestException(422, "source.path '" + name + "' leads out of the import folder");
      }
      return candidate;
    } catch (IOException e) {
      throw new IngestException(
          422, "source.path '" + name + "' cannot be read: " + e.getMessage());
    }
  }

  /**
   * A request may name an upload only: the rest of the bucket is not its to read, and an answer
   * about another object would tell whether it exists. Checked before the store is asked anything.
   */
  private static void checkUploadKey(String key) throws IngestException {
    if (!ObjectKeys.isUpload(key)) {
      throw new IngestException(
          400,
          "source.objectKey must name an archive uploaded to the ingestion service: 'uploads/' and"
              + " 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit, without"
              + " '..'; got "
              + quoted(key));
    }
  }

  /** A value as a JSON string, shortened: control characters escaped, not passed on raw. */
  private static String quoted(String value) {
    String shown =
        value.length() <= MAX_SHOWN
            ? value
            : value.substring(0, MAX_SHOWN) + "… (" + value.length() + " characters)";
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(shown)) + "\"";
  }

  private void fetchObject(String key, Path target) throws IngestException {
    checkUploadKey(key);
    try {
      long size = store.stat(key).orElseThrow(() -> new ObjectNotFoundException(key, null)).size();
      if (size > config.maxArchiveBytes()) {
        throw new IngestException(
            413,
            key + " is " + size + " bytes, more than the limit of " + config.maxArchiveBytes());
      }
      store.download(key, target);
    } catch (ObjectNotFoundException e) {
      throw new IngestException(422, "no archive at " + key + " in the object store");
    }
  }

  private ArchiveDownloader downloader() {
    return new ArchiveDownloader(
        guard(), config.maxArchiveBytes(), config.downloadTimeout(), config.maxRedirects());
  }

  private UrlGuard guard() {
    return new UrlGuard(
        config.allowPrivateAddresses(),
        config.allowedHosts().orElse(List.of()),
        config.allowedNetworks().orElse(List.of()),
        InetAddress::getAllByName);
  }

  private ArchiveLimits limits() {
    return new ArchiveLimits(
        config.maxDecompressedBytes(),
        config.maxEntries(),
        config.maxImagePixels(),
        config.maxClassNameLength(),
        config.maxClasses());
  }

  private Path tempFile() {
    try {
      Path dir = Files.createDirectories(Path.of(config.workDirectory()));
      return Files.createTempFile(dir, "stride-archive-", ".bin");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work file in " + config.workDirectory(), e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temp file is not worth failing an ingest over; the OS cleans its temp folder
      org.jboss.logging.Logger.getLogger(SourceReader.class).warnf("cannot delete %s: %s", file, e);
    }
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
