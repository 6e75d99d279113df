package dev.stride.ingestion.ingest;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.DatasetFailed;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.DatasetProgressed;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.data.image.SampleGrid;
import dev.stride.ingestion.IngestionConfig;
import dev.stride.observability.Traced;
import dev.stride.observability.Tracing;
import dev.stride.storage.DatasetWriter;
import dev.stride.storage.ObjectStore;
import dev.stride.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns an ingest request into a dataset in the object store: read and split the source, write the
 * shards and the preview, then the manifest, then announce it. The manifest goes last, so a dataset
 * is visible whole or not at all; a failure removes whatever was written and is announced with its
 * reason. Requests for one dataset id share a Kafka partition, so they are handled one after the
 * other, whichever replica has it: a repeat finds the manifest and only announces.
 */
@ApplicationScoped
public class DatasetIngestor {

  private static final Logger LOG = Logger.getLogger(DatasetIngestor.class);

  /** The notebook's preview: a 5×5 grid, each image drawn 4 times larger. */
  public static final int PREVIEW_SIDE = 5;

  public static final int PREVIEW_SCALE = 4;

  @Inject IngestionConfig config;
  @Inject ObjectStore store;
  @Inject SourceReader reader;
  @Inject IngestStatuses statuses;
  @Inject DatasetEventPublisher events;
  @Inject Tracing tracing;

  /** Ingests the dataset and publishes DatasetIngested or DatasetFailed; bad input never throws. */
  public void ingest(DatasetIngestRequested request) {
    try (Traced span =
        tracing.span("dataset ingest").attribute("stride.dataset_id", request.datasetId())) {
      ingestTraced(request);
    }
  }

  private void ingestTraced(DatasetIngestRequested request) {
    String id = request.datasetId();
    DatasetSource source = request.source() != null ? request.source() : reader.defaultSource();
    // 1. an existing dataset is announced again, never rewritten
    Optional<DatasetManifest> existing = manifest(id);
    if (existing.isPresent()) {
      LOG.infof("dataset %s exists; announcing it again", id);
      statuses.ingested(id);
      events.publish(ingested(existing.get()));
      discardUpload(source);
      return;
    }
    if (!statuses.start(id)) {
      LOG.infof("dataset %s is being ingested already; joining it", id);
      return;
    }
    long started = System.nanoTime();
    ProgressReporter progress =
        new ProgressReporter(id, config.progressInterval(), events, statuses);
    try {
      // 2. read, check and split
      DatasetWriter.Contents data;
      try (Traced span = tracing.span("dataset read")) {
        data = reader.read(source, request.split(), progress);
        span.attribute("stride.train_images", data.train().size());
      }
      DatasetWriter writer = new DatasetWriter(store, config.shardImages());
      // 3. the same bytes under another name: a second manifest naming the same shards
      Optional<DatasetManifest> twin = sameBytes(data.checksum());
      DatasetManifest manifest;
      if (twin.isPresent()) {
        LOG.infof("dataset %s has the bytes of %s; sharing its shards", id, twin.get().datasetId());
        manifest = writer.writeAlias(id, twin.get(), source, seconds(started));
      } else {
        // 4. shards and preview, then the manifest that makes them visible
        store.put(
            ObjectKeys.datasetPreview(id),
            SampleGrid.render(
                data.train(), data.classNames(), PREVIEW_SIDE, PREVIEW_SIDE, PREVIEW_SCALE, 0),
            ObjectStore.PNG);
        manifest =
            writer.write(
                id,
                data,
                seconds(started),
                (bytes, total) -> progress.report(DatasetProgressed.WRITING, bytes, total));
        store.putJson(ObjectKeys.datasetByChecksum(hex(data.checksum())), Map.of("datasetId", id));
      }
      // 5. announce
      statuses.ingested(id);
      events.publish(ingested(manifest));
      LOG.infof(
          "dataset %s ingested (%s): %d train, %d validation, %d test images in %.1f s",
          id,
          manifest.format(),
          data.train().size(),
          data.validation().size(),
          data.test().size(),
          seconds(started));
    } catch (IngestException e) {
      fail(id, e);
    } catch (StorageException e) {
      fail(id, unavailable(e));
    } catch (Exception | Error e) {
      // not the request's fault but this service's or its machine's (a bug; no fonts, or no
      // libfreetype, to label the preview with; a checked exception a library throws undeclared):
      // still announced, and the dataset id is free for another try, where dead-lettering would
      // leave it "ingesting" for ever
      LOG.errorf(e, "dataset %s: ingestion broke", id);
      fail(id, new IngestException(500, "ingestion failed: " + e, null, null, e));
    }
    // 6. the upload has served, whatever the outcome; the dataset keeps its own shards
    discardUpload(source);
  }

  private Optional<DatasetManifest> manifest(String id) {
    return store.findJson(ObjectKeys.datasetManifest(id), DatasetManifest.class);
  }

  private Optional<DatasetManifest> sameBytes(String checksum) {
    return store
        .findJson(ObjectKeys.datasetByChecksum(hex(checksum)), Map.class)
        .map(index -> (String) index.get("datasetId"))
        .flatMap(this::manifest);
  }

  private void fail(String id, IngestException e) {
    LOG.warnf("dataset %s failed: %s", id, e.getMessage());
    try {
      store.deletePrefix(ObjectKeys.datasetPrefix(id));
    } catch (StorageException cleanup) {
      LOG.errorf("dataset %s: partial shards may remain: %s", id, cleanup.getMessage());
    }
    statuses.failed(id, e);
    events.publish(new DatasetFailed(id, e.getMessage(), e.file(), e.offset()));
  }

  /** The store's own words (bucket, keys, its error) go to the log, not to the requester. */
  private static IngestException unavailable(StorageException e) {
    LOG.errorf("object store: %s", e.getMessage());
    return new IngestException(503, "the object store failed; try again later", null, null, e);
  }

  /**
   * Removes the archive a REST upload left under uploads/ for this ingest. Only such an upload: a
   * source naming anything else was refused before the store was asked.
   */
  private void discardUpload(DatasetSource source) {
    if (source.objectKey() == null || !ObjectKeys.isUpload(source.objectKey())) {
      return;
    }
    try {
      store.delete(source.objectKey());
    } catch (StorageException e) {
      LOG.warnf("upload %s stays in the store: %s", source.objectKey(), e.getMessage());
    }
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

  private static String hex(String checksum) {
    return checksum.substring(checksum.indexOf(':') + 1);
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
