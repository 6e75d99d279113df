package dev.stride.cli.demo;

import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.data.ImageSet;
import dev.stride.data.image.Images;
import dev.stride.storage.DatasetReader;
import dev.stride.storage.ObjectStore;
import dev.stride.storage.StoreSettings;

/** A test image of the dataset, as a PNG a client would send, with its true label. */
record TestImage(int index, String trueLabel, byte[] png) {

  static TestImage first(StoreSettings store, String datasetId) {
    DatasetReader reader = new DatasetReader(ObjectStore.connect(store));
    DatasetManifest manifest = reader.manifest(datasetId);
    ImageSet test = reader.split(manifest, DatasetManifest.TEST);
    return new TestImage(
        0, manifest.classNames().get(test.label(0)), Images.toPng(test.image(0), 1));
  }
}
