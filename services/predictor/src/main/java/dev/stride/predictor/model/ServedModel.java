package dev.stride.predictor.model;

import dev.stride.contracts.objects.ModelPointer;
import dev.stride.nn.Classifier;
import java.time.OffsetDateTime;
import java.util.List;

/** The model answering predictions: its network, where it came from, its class names. */
public record ServedModel(
    Classifier classifier,
    ModelPointer pointer,
    List<String> classNames,
    OffsetDateTime loadedAt) {}
