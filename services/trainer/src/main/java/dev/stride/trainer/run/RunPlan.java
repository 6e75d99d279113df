package dev.stride.trainer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.nn.Augmentation;
import dev.stride.nn.EarlyStopping;
import dev.stride.nn.LearningRateSchedule;
import dev.stride.nn.ModelLimits;
import dev.stride.nn.ModelTooLargeException;
import dev.stride.nn.Normalization;
import dev.stride.nn.Presets;
import dev.stride.nn.TrainingMemory;
import dev.stride.nn.UnknownArchitectureException;
import dev.stride.nn.spec.ArchitectureSpec;
import dev.stride.nn.spec.InvalidSpecException;
import dev.stride.nn.spec.SpecException;
import dev.stride.nn.summary.ModelSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a request means once checked against its dataset: the architecture's spec (validated, with
 * every layer's shape inferred for the dataset's classes), how to normalise, augment and schedule.
 */
record RunPlan(
    ArchitectureSpec spec,
    JsonNode specJson,
    List<String> classNames,
    Normalization normalization,
    Augmentation augmentation,
    LearningRateSchedule schedule,
    EarlyStopping earlyStopping) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @throws RequestException naming the request field at fault
   */
  /**
   * @param limits the trainer's caps (trainer.max-model-params, trainer.max-activation-bytes)
   */
  static RunPlan of(RunRequested request, DatasetManifest dataset, ModelLimits limits)
      throws RequestException {
    ArchitectureSpec spec = spec(request);
    try {
      limits.check(
          ModelSummary.of(spec, dataset.classNames().size()),
          request.hyperparameters().batchSize());
    } catch (ModelTooLargeException e) {
      throw new RequestException(
          field(request, e),
          e.getMessage() + " (trainer.max-model-params, trainer.max-activation-bytes)");
    } catch (SpecException e) {
      throw new RequestException(field(request, e), e.getMessage());
    }
    Hyperparameters hyper = request.hyperparameters();
    Normalization normalization =
        switch (hyper.normalization()) {
          case "none" -> Normalization.none();
          case "standardize" -> Normalization.standardize(dataset.mean(), dataset.std());
          default -> Normalization.scale();
        };
    Hyperparameters.ScheduleSpec s = hyper.schedule();
    LearningRateSchedule schedule =
        switch (s.type()) {
          case "step" -> LearningRateSchedule.step(s.stepEpochs(), s.gamma());
          case "cosine" -> LearningRateSchedule.cosine(s.minLearningRate());
          default -> LearningRateSchedule.constant();
        };
    EarlyStopping earlyStopping =
        hyper.earlyStopping() == null
            ? null
            : new EarlyStopping(hyper.earlyStopping().patience(), hyper.earlyStopping().minDelta());
    return new RunPlan(
        spec,
        json(spec),
        dataset.classNames(),
        normalization,
        new Augmentation(hyper.augmentation().randomCrop(), hyper.augmentation().horizontalFlip()),
        schedule,
        earlyStopping);
  }

  private static ArchitectureSpec spec(RunRequested request) throws RequestException {
    if (request.architectureSpec() != null) {
      try {
        return ArchitectureSpec.parse(request.architectureSpec().toString());
      } catch (SpecException e) {
        throw new RequestException(field(request, e), e.getMessage());
      }
    }
    try {
      return Presets.load(request.architecture());
    } catch (UnknownArchitectureException e) {
      throw new RequestException("architecture", e.getMessage());
    }
  }

  private static String field(RunRequested request, SpecException e) {
    String root = request.architectureSpec() != null ? "architectureSpec" : "architecture";
    String field =
        e instanceof InvalidSpecException invalid
            ? invalid.field().map(f -> "." + f).orElse("")
            : "";
    return e.layer().isPresent()
        ? root + ".layers[" + (e.layer().getAsInt() - 1) + "]" + field
        : root + field;
  }

  private static JsonNode json(ArchitectureSpec spec) {
    try {
      return JSON.readTree(spec.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the run is estimated to need on its device (see TrainingMemory). */
  long deviceBytes(int batchSize) {
    return TrainingMemory.estimateBytes(ModelSummary.of(spec, classNames.size()), batchSize);
  }
}
