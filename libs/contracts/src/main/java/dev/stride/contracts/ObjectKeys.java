package dev.stride.contracts;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keys of every object Stride writes, as in ARCHITECTURE.md's object layout. Events carry these
 * keys, never the bytes (claim check).
 */
public final class ObjectKeys {

  /** Where archives uploaded over REST wait for their ingest: the only objects a request names. */
  public static final String UPLOADS = "uploads/";

  /** An upload's name after {@link #UPLOADS}: one segment, as ids are (no '/', no control). */
  private static final Pattern UPLOAD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private ObjectKeys() {}

  public static String datasetPrefix(String datasetId) {
    return "datasets/" + datasetId + "/";
  }

  public static String datasetManifest(String datasetId) {
    return datasetPrefix(datasetId) + "manifest.json";
  }

  /** A shard of CIFAR-10 binary records; {@code split} is train, validation or test. */
  public static String datasetShard(String datasetId, String split, int index) {
    return datasetPrefix(datasetId) + split + String.format(Locale.ROOT, "/shard-%05d.bin", index);
  }

  /** The 5×5 grid of random training images with their labels. */
  public static String datasetPreview(String datasetId) {
    return datasetPrefix(datasetId) + "preview/samples.png";
  }

  /**
   * Which dataset was ingested from the archive with this sha256, so the same bytes are never
   * ingested twice.
   */
  public static String datasetByChecksum(String sha256) {
    return "dataset-checksums/" + sha256 + ".json";
  }

  /** An archive uploaded over REST, kept until its ingestion ends. */
  public static String upload(String uploadId) {
    return UPLOADS + uploadId;
  }

  /**
   * Whether {@code key} names an upload: {@code uploads/} and 1-128 letters, digits, '.', '_' or
   * '-', starting with a letter or digit, without "..". What an ingest request may name; the rest
   * of the bucket (datasets, runs, the model registry) is not its to read.
   */
  public static boolean isUpload(String key) {
    return key != null
        && key.startsWith(UPLOADS)
        && !key.contains("..")
        && UPLOAD_NAME.matcher(key.substring(UPLOADS.length())).matches();
  }

  public static String runPrefix(String runId) {
    return "runs/" + runId + "/";
  }

  /** The training request as the trainer accepted it. */
  public static String runSpec(String runId) {
    return runPrefix(runId) + "spec.json";
  }

  public static String runHistory(String runId) {
    return runPrefix(runId) + "history.json";
  }

  /** The folder of one epoch's checkpoint; its files are listed by the pointer that names it. */
  public static String checkpoint(String runId, int epoch) {
    return runPrefix(runId) + String.format(Locale.ROOT, "checkpoints/epoch-%04d/", epoch);
  }

  /**
   * The folder of a checkpoint written when the run stopped after {@code batch} batches of {@code
   * epoch}.
   */
  public static String checkpoint(String runId, int epoch, int batch) {
    return batch == 0
        ? checkpoint(runId, epoch)
        : runPrefix(runId)
            + String.format(Locale.ROOT, "checkpoints/epoch-%04d-batch-%05d/", epoch, batch);
  }

  /** Every checkpoint of a run is under this prefix. */
  public static String checkpoints(String runId) {
    return runPrefix(runId) + "checkpoints/";
  }

  /** The run's Keras-style summary (text), as the notebook's model.summary() prints it. */
  public static String runSummary(String runId) {
    return runPrefix(runId) + "model/summary.txt";
  }

  /** The run's model diagram, as plot_model(show_shapes=True) draws it. */
  public static String runDiagram(String runId) {
    return runPrefix(runId) + "model/diagram.svg";
  }

  /** The learned filters of one conv layer, drawn as a grid. */
  public static String runFilters(String runId, String layer) {
    return runPrefix(runId) + "filters/" + layer + ".png";
  }

  /** A cancel asked for the run; whoever takes its request next only announces it. */
  public static String runCancel(String runId) {
    return runPrefix(runId) + "cancel.json";
  }

  /** Pointer to the newest complete checkpoint, written after all of its files. */
  public static String latestCheckpoint(String runId) {
    return runPrefix(runId) + "checkpoints/latest.json";
  }

  /** Pointer to the checkpoint with the best validation accuracy so far. */
  public static String bestCheckpoint(String runId) {
    return runPrefix(runId) + "checkpoints/best.json";
  }

  public static String evaluationReport(String runId) {
    return runPrefix(runId) + "evaluation/report.json";
  }

  /** A picture of the evaluation: confusion, predictions, confidence or calibration. */
  public static String evaluationPicture(String runId, String name) {
    return runPrefix(runId) + "evaluation/" + name + ".png";
  }

  /** Every promotion of a model name, newest last: what a rollback goes back along. */
  public static String modelHistory(String modelName) {
    return "models/" + modelName + "/history.json";
  }

  /** Which run and checkpoint the predictor serves under {@code modelName}. */
  public static String currentModel(String modelName) {
    return "models/" + modelName + "/current.json";
  }
}
