package dev.stride.ingestion.ingest;

import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.data.CifarArchive;
import dev.stride.data.CifarBinary;
import dev.stride.data.DatasetFormatException;
import dev.stride.data.ImageSet;
import dev.stride.data.Splits;
import dev.stride.data.SyntheticCifar;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Reads a dataset from wherever its source says, and splits it as the notebook does. */
@ApplicationScoped
class SourceReader {

  @Inject IngestionConfig config;
  @Inject ObjectStore store;

  DatasetWriter.Contents read(DatasetSource source) throws IngestException {
    if (source.synthetic() != null) {
      return synthetic(source);
    }
    Path archive = tempFile();
    try {
      if (source.url() != null) {
        new ArchiveDownloader(config.maxArchiveBytes(), config.downloadTimeout())
            .download(source.url(), source.md5(), archive);
      } else {
        fetchObject(source.objectKey(), archive);
      }
      return readArchive(archive, source);
    } finally {
      deleteQuietly(archive);
    }
  }

  private DatasetWriter.Contents synthetic(DatasetSource source) {
    SyntheticSpec spec = source.synthetic();
    ImageSet trainAll = SyntheticCifar.generate(spec.train() + spec.validation(), spec.seed());
    ImageSet test = SyntheticCifar.generate(spec.test(), spec.seed() + 1);
    Splits.TrainValidation split = Splits.holdOutLast(trainAll, spec.validation());
    return new DatasetWriter.Contents(
        split.train(),
        split.validation(),
        test,
        SyntheticCifar.CLASS_NAMES,
        source,
        "sha256:" + sha256(CifarBinary.toBytes(trainAll), CifarBinary.toBytes(test)));
  }

  private void fetchObject(String key, Path target) throws IngestException {
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

  private DatasetWriter.Contents readArchive(Path archive, DatasetSource source)
      throws IngestException {
    String checksum = "sha256:" + sha256(archive);
    CifarArchive.Contents contents;
    try (InputStream in = Files.newInputStream(archive)) {
      contents = CifarArchive.read(in, config.maxDecompressedBytes());
    } catch (DatasetFormatException e) {
      throw new IngestException(
          422, e.getMessage(), e.file(), e.offset() >= 0 ? e.offset() : null, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int validation = Splits.defaultValidationSize(contents.train().size());
    if (validation == 0) {
      throw new IngestException(
          422,
          "the archive's "
              + contents.train().size()
              + " training images are too few to hold out a validation set");
    }
    Splits.TrainValidation split = Splits.holdOutLast(contents.train(), validation);
    return new DatasetWriter.Contents(
        split.train(),
        split.validation(),
        contents.test(),
        contents.classNames(),
        source,
        checksum);
  }

  private Path tempFile() {
    try {
      Path dir = Files.createDirectories(Path.of(config.workDirectory()));
      return Files.createTempFile(dir, "stride-archive-", ".tar.gz");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work file in " + config.workDirectory(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temp file is not worth failing an ingest over; the OS cleans its temp folder
      org.jboss.logging.Logger.getLogger(SourceReader.class).warnf("cannot delete %s: %s", file, e);
    }
  }

  private static String sha256(byte[]... parts) {
    MessageDigest sha = sha256Digest();
    for (byte[] part : parts) {
      sha.update(part);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String sha256(Path file) {
    MessageDigest sha = sha256Digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
