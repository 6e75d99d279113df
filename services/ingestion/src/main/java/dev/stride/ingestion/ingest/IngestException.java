package dev.stride.ingestion.ingest;

import dev.stride.data.archive.DatasetFormatException;

/**
 * A dataset cannot be ingested for a reason the requester can act on. {@code status} is the HTTP
 * status a REST caller gets; {@code file} and {@code offset} locate the problem in an archive.
 */
public class IngestException extends Exception {

  private final int status;
  private final String file;
  private final Long offset;

  public IngestException(int status, String message, String file, Long offset, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.file = file;
    this.offset = offset;
  }

  public IngestException(int status, String message) {
    this(status, message, null, null, null);
  }

  /** An archive problem, with the status that fits its kind. */
  public static IngestException of(DatasetFormatException e) {
    int status =
        switch (e.problem()) {
          case UNSUPPORTED -> 415;
          case TOO_LARGE -> 413;
          case UNSAFE, MALFORMED -> 422;
        };
    return new IngestException(
        status, e.getMessage(), e.file(), e.offset() >= 0 ? e.offset() : null, e);
  }

  public int status() {
    return status;
  }

  public String file() {
    return file;
  }

  public Long offset() {
    return offset;
  }
}
