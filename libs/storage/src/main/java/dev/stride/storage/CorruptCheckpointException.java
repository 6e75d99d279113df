package dev.stride.storage;

/**
 * A checkpoint that must not be trusted: a missing file, or one whose size or hash differs from
 * what its checkpoint document says. The message names the file and the difference.
 */
public class CorruptCheckpointException extends Exception {

  public CorruptCheckpointException(String message) {
    super(message);
  }
}
