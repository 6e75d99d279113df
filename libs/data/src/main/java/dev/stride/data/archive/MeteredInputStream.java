package dev.stride.data.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An archive stream (or one entry of it) whose every byte, skipped ones included, is counted by a
 * {@link ByteMeter}. Closing it leaves the archive stream open for the next entry.
 */
final class MeteredInputStream extends FilterInputStream {

  private final ByteMeter meter;
  private String entry;

  MeteredInputStream(InputStream in, ByteMeter meter, String entry) {
    super(in);
    this.meter = meter;
    this.entry = entry;
  }

  /** Names the entry now being read, for the refusal message. */
  void entry(String name) {
    this.entry = name;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      meter.add(1, entry);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      meter.add(n, entry);
    }
    return n;
  }

  /** Reads what is skipped: a compressed stream has to produce those bytes anyway. */
  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int got = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (got < 0) {
        break;
      }
      skipped += got;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int limit) {
    // unsupported: a reset would count the same bytes twice
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  @Override
  public void close() {
    // the archive stream belongs to the traversal, which closes it
  }
}
