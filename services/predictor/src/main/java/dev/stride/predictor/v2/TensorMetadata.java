package dev.stride.predictor.v2;

import java.util.List;

/** A model input or output as its metadata describes it; -1 in {@code shape} is any size. */
public record TensorMetadata(String name, String datatype, List<Integer> shape) {}
