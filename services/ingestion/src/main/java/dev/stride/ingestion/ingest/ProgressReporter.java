package dev.stride.ingestion.ingest;

import dev.stride.contracts.events.DatasetProgressed;
import java.time.Duration;

/**
 * Turns byte counts into DatasetProgressed events, at most one per interval and phase (plus the
 * first of each phase), and keeps the last for the status endpoint.
 */
final class ProgressReporter {

  private final String datasetId;
  private final Duration interval;
  private final DatasetEventPublisher events;
  private final IngestStatuses statuses;
  private String phase;
  private long lastSent;

  ProgressReporter(
      String datasetId, Duration interval, DatasetEventPublisher events, IngestStatuses statuses) {
    this.datasetId = datasetId;
    this.interval = interval;
    this.events = events;
    this.statuses = statuses;
  }

  void report(String phase, long bytes, long totalBytes) {
    long now = System.nanoTime();
    boolean newPhase = !phase.equals(this.phase);
    boolean done = totalBytes > 0 && bytes >= totalBytes;
    if (!newPhase && !done && now - lastSent < interval.toNanos()) {
      return;
    }
    this.phase = phase;
    this.lastSent = now;
    double percent = totalBytes > 0 ? Math.min(100, 100.0 * bytes / totalBytes) : -1;
    DatasetProgressed progress =
        new DatasetProgressed(datasetId, phase, bytes, totalBytes, percent);
    statuses.progress(progress);
    events.publish(progress);
  }
}
