package dev.stride.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.stride.client.StrideClient;
import dev.stride.client.StrideClientException;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.image.Images;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.Service;
import dev.stride.nn.Architectures;
import dev.stride.nn.Classifier;
import dev.stride.nn.LastEpochParameters;
import dev.stride.nn.TrainingJob;
import dev.stride.nn.TrainingLoop;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The running predictor under closed-loop load (each client sends its next picture when the last is
 * answered) at several concurrencies, next to the same model's in-process batched throughput, in
 * one run on the local stack; prints JSON.
 */
@Command(
    name = "PredictorBench",
    mixinStandardHelpOptions = true,
    description = "Requests/s, p50 and p99 of the predictor against in-process batched inference.")
public final class PredictorBench implements Callable<Integer> {

  @Option(
      names = "--seconds",
      defaultValue = "15",
      description = "Measured seconds per concurrency (after as many again of warm-up).")
  int seconds;

  @Option(
      names = "--concurrency",
      split = ",",
      defaultValue = "1,16,64",
      description = "Client concurrencies to measure.")
  int[] concurrencies;

  @Option(
      names = "--batch",
      defaultValue = "32",
      description = "Batch size of the in-process measurement (the predictor's max batch size).")
  int batch;

  private static final Pattern BATCH_SUM =
      Pattern.compile("(?m)^stride_predictor_batch_size_pictures_sum ([0-9.E]+)( .*)?$");
  private static final Pattern BATCH_COUNT =
      Pattern.compile("(?m)^stride_predictor_batch_size_pictures_count ([0-9.E]+)( .*)?$");

  public static void main(String[] args) {
    System.exit(new CommandLine(new PredictorBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("stride-predictor-bench");
    ImageSet pictures = SyntheticCifar.generate(1024, 77);
    Path parameters = train(pictures, dir.resolve("model.params"));
    List<byte[]> pngs = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      pngs.add(Images.toPng(pictures.image(i), 1));
    }
    try (LocalStack stack =
        LocalStack.start(
            dir.resolve("stack"),
            true,
            Map.of(),
            Map.of("PREDICTOR_BATCHING_MAX_BATCH_SIZE", String.valueOf(batch)),
            new PrintStream(OutputStream.nullOutputStream()))) {
      String predictor = stack.url(Service.PREDICTOR);
      promote(stack, parameters);
      StrideClient client =
          StrideClient.builder().optRequestTimeout(Duration.ofSeconds(30)).build();
      awaitReady(client, predictor);

      List<String> loads = new ArrayList<>();
      double best = 0;
      for (int concurrency : concurrencies) {
        load(client, predictor, pngs, concurrency, seconds); // warm-up, not counted
        double[] before = batches(client, predictor);
        Load result = load(client, predictor, pngs, concurrency, seconds);
        double[] after = batches(client, predictor);
        double meanBatch = (after[0] - before[0]) / Math.max(1, after[1] - before[1]);
        best = Math.max(best, result.requestsPerSecond());
        loads.add(
            String.format(
                Locale.ROOT,
                "{\"concurrency\":%d,\"requests\":%d,\"errors\":%d,\"requests_per_second\":%.1f,"
                    + "\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"mean_batch_size\":%.2f}",
                concurrency,
                result.requests(),
                result.errors(),
                result.requestsPerSecond(),
                result.p50Ms(),
                result.p99Ms(),
                meanBatch));
      }
      double inProcess = inProcess(parameters, pictures, batch, seconds);
      double single = inProcess(parameters, pictures, 1, seconds);
      System.out.printf(
          Locale.ROOT,
          "{\"benchmark\":\"predictor\",\"device\":\"%s\",\"architecture\":\"alexnet-mini\","
              + "\"seconds_per_point\":%d,\"service\":[%s],"
              + "\"in_process\":{\"batch_%d_images_per_second\":%.1f,"
              + "\"batch_1_images_per_second\":%.1f},"
              + "\"ratio_best_service_to_in_process_batched\":%.3f}%n",
          Engine.getInstance().defaultDevice(),
          seconds,
          String.join(",", loads),
          batch,
          inProcess,
          single,
          best / inProcess);
    }
    return 0;
  }

  record Load(long requests, long errors, double requestsPerSecond, double p50Ms, double p99Ms) {}

  /** Closed loop: {@code concurrency} clients, each sending its next picture once answered. */
  private static Load load(
      StrideClient client, String predictor, List<byte[]> pngs, int concurrency, int seconds)
      throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(seconds).toNanos();
    List<Future<long[]>> results = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      int firstPicture = c;
      results.add(
          clients.submit(
              () -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                long errors = 0;
                for (int i = firstPicture; System.nanoTime() < end; i++) {
                  long sent = System.nanoTime();
                  try {
                    byte[] png = pngs.get(i % pngs.size());
                    StrideClient.Answer answer =
                        client.exchange(
                            client.predictRequest(
                                predictor, BodyPublishers.ofByteArray(png), "image/png", null));
                    if (answer.status() != 200) {
                      errors++;
                    }
                  } catch (StrideClientException e) {
                    errors++;
                  }
                  if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                  }
                  latencies[n++] = System.nanoTime() - sent;
                }
                long[] out = Arrays.copyOf(latencies, n + 1);
                out[n] = errors;
                return out;
              }));
    }
    List<Long> all = new ArrayList<>();
    long errors = 0;
    for (Future<long[]> result : results) {
      long[] latencies = result.get();
      for (int i = 0; i < latencies.length - 1; i++) {
        all.add(latencies[i]);
      }
      errors += latencies[latencies.length - 1];
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    clients.shutdown();
    long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Load(
        sorted.length,
        errors,
        sorted.length / elapsed,
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** The same model in this process: images/s of back-to-back forward passes of one size. */
  private static double inProcess(Path parameters, ImageSet pictures, int batch, int seconds)
      throws Exception {
    byte[] chw = new byte[batch * ImageSet.IMAGE_BYTES];
    for (int i = 0; i < batch; i++) {
      System.arraycopy(
          pictures.image(i % pictures.size()),
          0,
          chw,
          i * ImageSet.IMAGE_BYTES,
          ImageSet.IMAGE_BYTES);
    }
    try (Classifier classifier =
        Classifier.load("alexnet-mini", 10, parameters, Engine.getInstance().defaultDevice())) {
      long warm = System.nanoTime() + Duration.ofSeconds(Math.max(1, seconds / 3)).toNanos();
      while (System.nanoTime() < warm) {
        classifier.probabilities(chw, batch);
      }
      long images = 0;
      long start = System.nanoTime();
      long end = start + Duration.ofSeconds(seconds).toNanos();
      while (System.nanoTime() < end) {
        classifier.probabilities(chw, batch);
        images += batch;
      }
      return images / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** A real model: mini-AlexNet, one epoch on synthetic pictures. */
  private static Path train(ImageSet pictures, Path file) {
    TrainingLoop.run(
        TrainingJob.builder()
            .setBlock(Architectures.alexnetMini(10))
            .setTrainSet(pictures.slice(0, 896))
            .setValidationSet(pictures.slice(896, 1024))
            .optEpochs(1)
            .optBatchSize(64)
            .optSeed(5)
            .optDevices(new Device[] {Engine.getInstance().defaultDevice()})
            .optObserver(new LastEpochParameters(file))
            .build());
    return file;
  }

  private static void promote(LocalStack stack, Path parameters) {
    ObjectStore store = ObjectStore.connect(stack.store());
    CheckpointStore checkpoints = new CheckpointStore(store);
    String runId = "bench-run";
    Checkpoint saved =
        checkpoints.save(
            new Checkpoint(
                runId,
                "bench",
                1,
                0,
                "alexnet-mini",
                null,
                SyntheticCifar.CLASS_NAMES,
                "scale",
                null,
                null,
                1,
                0.0,
                List.of(),
                OffsetDateTime.now()),
            parameters,
            true);
    String key = CheckpointStore.documentKey(runId, saved.epoch());
    store.putJson(
        ObjectKeys.currentModel("cifar10"),
        new ModelPointer(
            "cifar10", runId, key, "alexnet-mini", 0.0, null, "bench", OffsetDateTime.now()));
    try (EventTap tap = EventTap.open(stack.kafkaBootstrapServers(), List.of())) {
      tap.publish(new ModelPromoted(runId, "cifar10", key, 0.0, null), "/bench");
    }
  }

  private static void awaitReady(StrideClient client, String predictor) throws Exception {
    long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < end) {
      if (client.exchange(client.request(predictor + "/v2/health/ready").build()).status() == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the predictor did not load the model within 2 minutes");
  }

  /** The predictor's batch-size sum and count so far. */
  private static double[] batches(StrideClient client, String predictor) {
    String metrics = client.exchange(client.request(predictor + "/q/metrics").build()).text();
    return new double[] {number(BATCH_SUM, metrics), number(BATCH_COUNT, metrics)};
  }

  private static double number(Pattern pattern, String metrics) {
    Matcher m = pattern.matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
