package dev.stride.contracts.events;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One realistic instance of every event type, as the golden files hold them. */
public final class SampleEvents {

  static final List<String> CLASSES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  public static final Map<EventType, Event> ALL =
      List.<Event>of(
              new DatasetIngestRequested(
                  "cifar10",
                  DatasetSource.ofUrl(DatasetSource.CIFAR10_URL, DatasetSource.CIFAR10_MD5),
                  new SplitSpec(null, null, 42L)),
              new DatasetProgressed(
                  "cifar10", DatasetProgressed.DOWNLOADING, 85_000_000L, 170_052_171L, 49.98),
              new DatasetIngested(
                  "cifar10",
                  "datasets/cifar10/manifest.json",
                  40000,
                  10000,
                  10000,
                  CLASSES,
                  "sha256:0b9f1c3e"),
              new DatasetFailed(
                  "cifar10",
                  "truncated record: 1200 of 3073 bytes",
                  "cifar-10-batches-bin/data_batch_3.bin",
                  30_727_300L),
              new RunRequested(
                  "run-7",
                  "cifar10",
                  "alexnet-mini",
                  "cifar10",
                  new Hyperparameters(
                      10,
                      128,
                      0.001,
                      42L,
                      null,
                      true,
                      "standardize",
                      new Hyperparameters.AugmentationSpec(true, true),
                      new Hyperparameters.ScheduleSpec("cosine", null, null, 0.00001),
                      new Hyperparameters.EarlyStoppingSpec(3, 0.001),
                      1)),
              new RunCancelRequested("run-7", "superseded by run-8"),
              new RunStarted(
                  "run-7",
                  "cifar10",
                  "alexnet-mini",
                  "gpu(0)",
                  2_023_370L,
                  "trainer-1",
                  3,
                  "runs/run-7/checkpoints/epoch-0002/checkpoint.json",
                  java.util.List.of(
                      "checkpoint file runs/run-7/checkpoints/epoch-0003/parameters.bin has 1024"
                          + " bytes, runs/run-7/checkpoints/latest.json says 8093184")),
              new RunProgressed("run-7", 3, 120, 313, 412.5, 21.4),
              new EpochCompleted("run-7", 3, 10, 0.9421, 0.6684, 1.0112, 0.6451, 96.8, 413.2),
              new CheckpointSaved(
                  "run-7",
                  3,
                  "runs/run-7/checkpoints/epoch-0003/",
                  "runs/run-7/checkpoints/latest.json"),
              new RunCompleted(
                  "run-7",
                  "cifar10",
                  "alexnet-mini",
                  "cifar10",
                  10,
                  9,
                  "runs/run-7/checkpoints/epoch-0010/checkpoint.json",
                  "runs/run-7/checkpoints/epoch-0009/checkpoint.json",
                  "runs/run-7/history.json",
                  "gpu(0)",
                  968.0,
                  false,
                  java.util.Map.of(
                      "summary", "runs/run-7/model/summary.txt",
                      "diagram", "runs/run-7/model/diagram.svg",
                      "filters/conv2d", "runs/run-7/filters/conv2d.png"),
                  48_213_504L),
              new RunFailed(
                  "run-7",
                  "hyperparameters.batchSize must be positive, was -1",
                  "hyperparameters.batchSize"),
              new RunCancelled("run-7", 4, "superseded by run-8"),
              new EvaluationCompleted(
                  "run-7",
                  "cifar10",
                  "runs/run-7/checkpoints/epoch-0009/checkpoint.json",
                  9,
                  10000,
                  1.0523,
                  0.6712,
                  0.8834,
                  0.0412,
                  "runs/run-7/evaluation/report.json",
                  java.util.Map.of(
                      "confusion", "runs/run-7/evaluation/confusion.png",
                      "calibration", "runs/run-7/evaluation/calibration.png"),
                  java.util.List.of(
                      "checkpoint file runs/run-7/checkpoints/epoch-0010/parameters.bin is"
                          + " missing"),
                  "gpu(0)"),
              new EvaluationFailed(
                  "run-7",
                  "runs/run-7/checkpoints/epoch-0010/checkpoint.json",
                  "checkpoint file model-0010.params has 1024 bytes, the pointer says 8093184"),
              new ModelPromoted(
                  "run-7",
                  "cifar10",
                  "runs/run-7/checkpoints/epoch-0010/checkpoint.json",
                  0.6712,
                  "run-5"))
          .stream()
          .collect(Collectors.toMap(EventType::of, Function.identity()));

  private SampleEvents() {}
}
