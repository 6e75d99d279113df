package dev.stride.bench;

import dev.stride.client.StrideClient;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetFailed;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.cifar.CifarArchive;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.Service;
import dev.stride.storage.ObjectStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ingest throughput of the running ingestion service (upload over REST, check, split, shard,
 * preview, manifest, event) next to a plain upload of the same archive to the same S3 server, in
 * one run on the local stack; prints JSON.
 */
@Command(
    name = "IngestBench",
    mixinStandardHelpOptions = true,
    description = "MB/s of ingesting a CIFAR-10 archive against a plain S3 upload of it.")
public final class IngestBench implements Callable<Integer> {

  @Option(
      names = "--images",
      defaultValue = "20000",
      description = "Training images in the archive.")
  int images;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Archives measured (each new bytes).")
  int rounds;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("stride-ingest-bench");
    try (LocalStack stack =
            LocalStack.start(
                dir.resolve("stack"),
                true,
                Map.of(),
                new PrintStream(OutputStream.nullOutputStream()));
        EventTap tap =
            EventTap.open(stack.kafkaBootstrapServers(), List.of(Topics.DATASET_EVENTS))) {
      ObjectStore store = ObjectStore.connect(stack.store());
      StrideClient client = StrideClient.create();
      double uploadSeconds = 0;
      double ingestSeconds = 0;
      long bytes = 0;
      for (int round = 0; round < rounds; round++) {
        Path archive = archive(dir, round);
        long size = Files.size(archive);
        bytes += size;

        long start = System.nanoTime();
        store.putFile("bench/plain-" + round + ".tar.gz", archive, ObjectStore.BINARY);
        uploadSeconds += (System.nanoTime() - start) / 1e9;

        String id = "bench-" + round;
        start = System.nanoTime();
        client.uploadDataset(
            stack.url(Service.INGESTION), archive, "application/gzip", id, null, null);
        tap.await(DatasetIngested.class, e -> e.datasetId().equals(id), Duration.ofMinutes(10));
        ingestSeconds += (System.nanoTime() - start) / 1e9;
        if (!tap.events(DatasetFailed.class, id).isEmpty()) {
          throw new IllegalStateException("ingest failed: " + tap.events(DatasetFailed.class, id));
        }
      }
      double mb = bytes / 1e6;
      System.out.printf(
          Locale.ROOT,
          "{\"benchmark\":\"ingest\",\"archive_images\":%d,\"rounds\":%d,\"archive_mb\":%.1f,"
              + "\"plain_upload\":{\"mb_per_second\":%.1f},"
              + "\"ingest\":{\"mb_per_second\":%.1f},"
              + "\"ratio_ingest_to_upload\":%.3f}%n",
          images + images / 5,
          rounds,
          mb / rounds,
          mb / uploadSeconds,
          mb / ingestSeconds,
          uploadSeconds / ingestSeconds);
    }
    return 0;
  }

  /** A CIFAR-10 binary archive of new bytes each round (5 batches, a test batch a fifth as big). */
  private Path archive(Path dir, int round) throws Exception {
    Path file = dir.resolve("cifar-" + round + ".tar.gz");
    try (OutputStream out = Files.newOutputStream(file)) {
      CifarArchive.write(
          out,
          SyntheticCifar.generate(images, 1000 + round),
          5,
          SyntheticCifar.generate(images / 5, 2000 + round),
          SyntheticCifar.CLASS_NAMES);
    }
    return file;
  }
}
