package dev.stride.ingestion.ingest;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.DatasetFailed;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.Event;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.ingestion.IngestionConfig;
import dev.stride.storage.DatasetWriter;
import dev.stride.storage.ObjectStore;
import dev.stride.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns an ingest request into a dataset in the object store: read and split the source, write the
 * shards, then the manifest, then announce it. The manifest goes last, so a dataset is visible
 * whole or not at all; a failure removes whatever was written and is announced with its reason.
 */
@ApplicationScoped
public class DatasetIngestor {

  private static final Logger LOG = Logger.getLogger(DatasetIngestor.class);

  @Inject IngestionConfig config;
  @Inject ObjectStore store;
  @Inject SourceReader reader;
  @Inject IngestStatuses statuses;
  @Inject DatasetEventPublisher events;

  /** Ingests the dataset and publishes DatasetIngested or DatasetFailed; bad input never throws. */
  public void ingest(DatasetIngestRequested request) {
    String id = request.datasetId();
    // 1. an existing dataset is announced again, never rewritten
    Optional<DatasetManifest> existing =
        store.findJson(ObjectKeys.datasetManifest(id), DatasetManifest.class);
    if (existing.isPresent()) {
      LOG.infof("dataset %s exists; announcing it again", id);
      statuses.set(id, IngestStatus.State.INGESTED, null);
      publish(ingested(existing.get()));
      return;
    }
    if (!statuses.start(id)) {
      LOG.infof("dataset %s is being ingested already; joining it", id);
      return;
    }
    long started = System.nanoTime();
    try {
      // 2. read and split
      DatasetWriter.Contents data = reader.read(request.source());
      // 3. shards, then the manifest that makes them visible
      DatasetManifest manifest =
          new DatasetWriter(store, config.shardImages())
              .write(id, data, (System.nanoTime() - started) / 1e9);
      // 4. announce
      statuses.set(id, IngestStatus.State.INGESTED, null);
      publish(ingested(manifest));
      LOG.infof(
          "dataset %s ingested: %d train, %d validation, %d test images in %.1f s",
          id,
          data.train().size(),
          data.validation().size(),
          data.test().size(),
          manifest.ingestSeconds());
    } catch (IngestException e) {
      fail(id, e.getMessage(), e.file(), e.offset());
    } catch (StorageException e) {
      fail(id, "object store: " + e.getMessage(), null, null);
    }
  }

  private void fail(String id, String reason, String file, Long offset) {
    LOG.warnf("dataset %s failed: %s", id, reason);
    try {
      store.deletePrefix(ObjectKeys.datasetPrefix(id));
    } catch (StorageException cleanup) {
      LOG.errorf("dataset %s: partial shards may remain: %s", id, cleanup.getMessage());
    }
    statuses.set(id, IngestStatus.State.FAILED, reason);
    publish(new DatasetFailed(id, reason, file, offset));
  }

  private static DatasetIngested ingested(DatasetManifest manifest) {
    return new DatasetIngested(
        manifest.datasetId(),
        ObjectKeys.datasetManifest(manifest.datasetId()),
        manifest.split(DatasetManifest.TRAIN).images(),
        manifest.split(DatasetManifest.VALIDATION).images(),
        manifest.split(DatasetManifest.TEST).images(),
        manifest.classNames(),
        manifest.checksum());
  }

  private void publish(Event event) {
    // if the broker does not take it, the request stays unacknowledged and comes again;
    // ingesting again is idempotent
    events.publish(event);
  }
}
