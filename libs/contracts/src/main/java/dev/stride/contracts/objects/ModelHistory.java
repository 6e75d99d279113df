package dev.stride.contracts.objects;

import java.util.List;

/** {@code models/{modelName}/history.json}: every entry the model name has had, oldest first. */
public record ModelHistory(String modelName, List<ModelPointer> entries) {}
