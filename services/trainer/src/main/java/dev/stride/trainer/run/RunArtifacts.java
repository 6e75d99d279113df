package dev.stride.trainer.run;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import dev.stride.contracts.ObjectKeys;
import dev.stride.nn.DeviceSetting;
import dev.stride.nn.Network;
import dev.stride.nn.diagram.Diagram;
import dev.stride.nn.filters.FilterImages;
import dev.stride.nn.spec.ArchitectureSpec;
import dev.stride.nn.summary.ModelSummary;
import dev.stride.storage.ObjectInfo;
import dev.stride.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the notebook showed about a model, stored for every run: the Keras-style summary and the
 * diagram when it starts, the learned filters of every conv layer when it ends.
 */
@ApplicationScoped
public class RunArtifacts {

  @Inject ObjectStore store;
  @Inject DeviceSetting device;

  void describe(String runId, ArchitectureSpec spec, int classes) {
    ModelSummary summary = ModelSummary.of(spec, classes);
    store.put(
        ObjectKeys.runSummary(runId),
        summary.toText().getBytes(StandardCharsets.UTF_8),
        "text/plain");
    store.put(
        ObjectKeys.runDiagram(runId),
        Diagram.svg(summary).getBytes(StandardCharsets.UTF_8),
        "image/svg+xml");
  }

  /**
   * Draws every conv layer's filters from the final parameters; returns all the run's artifact
   * keys.
   */
  Map<String, String> drawFilters(String runId, Network network, Path parameters) {
    // on the worker's device, not the engine's default (a GPU even where trainer.device is cpu)
    try (Model model = Model.newInstance("filters-" + runId, device.device())) {
      model.setBlock(network.block());
      try (InputStream in = new BufferedInputStream(Files.newInputStream(parameters))) {
        network.block().loadParameters(model.getNDManager(), new DataInputStream(in));
      }
      for (String layer : network.convolutions().keySet()) {
        store.put(
            ObjectKeys.runFilters(runId, layer), FilterImages.png(network, layer), ObjectStore.PNG);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the final parameters of " + runId, e);
    } catch (MalformedModelException e) {
      throw new IllegalStateException(
          "the final parameters of " + runId + " do not fit its network", e);
    }
    return keys(runId);
  }

  /** Summary, diagram, history and filter pictures of a run, by name. */
  Map<String, String> keys(String runId) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("summary", ObjectKeys.runSummary(runId));
    keys.put("diagram", ObjectKeys.runDiagram(runId));
    keys.put("history", ObjectKeys.runHistory(runId));
    String filters = ObjectKeys.runPrefix(runId) + "filters/";
    for (ObjectInfo object : store.list(filters)) {
      String layer = object.key().substring(filters.length()).replaceAll("\\.png$", "");
      keys.put("filters/" + layer, object.key());
    }
    return keys;
  }
}
