package dev.stride.contracts.objects;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A checkpoint's description, {@code runs/{runId}/checkpoints/epoch-NNNN/checkpoint.json} (or
 * {@code epoch-NNNN-batch-NNNNN/} for a run stopped mid-epoch); the {@code latest.json} and {@code
 * best.json} pointers are copies of it. Written after the files it lists; a reader checks every
 * file's size and hash before trusting it. It holds all a reader needs to rebuild the network and
 * feed it: the architecture (its spec when the run carried one), the class names in output order,
 * and how pixels were normalised.
 *
 * @param batch 0 when {@code epoch} is complete; else how many of its batches were done
 * @param normalization none, scale or standardize (with {@code mean} and {@code std} per channel)
 */
public record Checkpoint(
    String runId,
    String datasetId,
    int epoch,
    int batch,
    String architecture,
    JsonNode architectureSpec,
    List<String> classNames,
    String normalization,
    List<Double> mean,
    List<Double> std,
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

  /** Whether this is the end of an epoch rather than a stop in its middle. */
  public boolean completeEpoch() {
    return batch == 0;
  }
}
