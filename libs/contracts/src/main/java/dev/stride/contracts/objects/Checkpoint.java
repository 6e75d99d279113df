package dev.stride.contracts.objects;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A checkpoint's description, {@code runs/{runId}/checkpoints/epoch-NNNN/checkpoint.json}; the
 * {@code latest.json} and {@code best.json} pointers are copies of it. Written after the files it
 * lists; a reader checks every file's size and hash before trusting it.
 *
 * @param classNames the labels of the network's outputs, in order
 * @param inputTransform how pixels become input ("scale": divided by 255)
 */
public record Checkpoint(
    String runId,
    String datasetId,
    int epoch,
    String architecture,
    List<String> classNames,
    String inputTransform,
    double valLoss,
    double valAccuracy,
    List<StoredFile> files,
    OffsetDateTime createdAt) {

  /** The network's parameters, in DJL's block format. */
  public static final String PARAMETERS = "parameters.bin";

  /** One file of the checkpoint: object key, size in bytes and sha256 in hex. */
  public record StoredFile(String name, String key, long size, String sha256) {}

  public StoredFile file(String name) {
    return files.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("checkpoint of epoch " + epoch + " has no " + name));
  }
}
