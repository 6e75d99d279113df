package dev.stride.contracts.events;

/**
 * An ingest is under way: {@code phase} is downloading, reading or writing; {@code totalBytes} is
 * -1 when unknown (a download without Content-Length), and so is {@code percent}.
 */
public record DatasetProgressed(
    String datasetId, String phase, long bytes, long totalBytes, double percent) implements Event {

  public static final String DOWNLOADING = "downloading";
  public static final String READING = "reading";
  public static final String WRITING = "writing";

  public DatasetProgressed {
    Checks.required(datasetId, "datasetId");
    Checks.required(phase, "phase");
  }

  @Override
  public String key() {
    return datasetId;
  }
}
