package dev.stride.predictor.v2;

import java.util.List;
import java.util.Map;

/**
 * KServe v2 model metadata. The protocol fixes name, versions, platform, inputs and outputs, and
 * leaves {@code parameters} for what a server adds: Stride's extras go there (class names,
 * architecture, test accuracy, and {@code device}, where the model runs, as DJL prints it: "cpu()",
 * "gpu(0)"), so a client that reads the response strictly meets no unknown field.
 */
public record ModelMetadata(
    String name,
    List<String> versions,
    String platform,
    List<TensorMetadata> inputs,
    List<TensorMetadata> outputs,
    Map<String, Object> parameters) {}
