package dev.stride.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A network as data: an input shape and a chain of layers, read from JSON or YAML. The number of
 * classes is not part of it: it comes from the dataset, and a layer asks for it by writing {@code
 * "classes"} as its width. {@link ShapeInference} checks a spec before anything is built.
 *
 * <pre>{@code
 * {"name": "tiny", "input": [32, 32, 3], "layers": [
 *   {"type": "conv", "filters": 16, "kernel": 3, "padding": "same", "activation": "relu"},
 *   {"type": "maxpool", "size": 2},
 *   {"type": "flatten"},
 *   {"type": "dense", "units": "classes"}]}
 * }</pre>
 *
 * @param name shown in summaries and diagrams; "sequential" (Keras' default) when left out
 * @param input (height, width, channels); CIFAR's 32×32×3 when left out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArchitectureSpec(
    String name, String description, TensorShape input, List<LayerSpec> layers) {

  public static final String DEFAULT_NAME = "sequential";

  /** What Stride trains on: CIFAR's 32×32 RGB images. */
  public static final TensorShape CIFAR_INPUT = TensorShape.volume(32, 32, 3);

  public ArchitectureSpec {
    name = name == null || name.isBlank() ? DEFAULT_NAME : name;
    input = input == null ? CIFAR_INPUT : input;
    // a copy that keeps nulls, so that ShapeInference can say which layer is empty
    layers = layers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(layers));
  }

  /**
   * Reads a spec written as JSON or YAML (text starting with "{" is JSON). Only the syntax and the
   * field types are checked here; {@link ShapeInference#infer} checks the rest.
   *
   * @throws InvalidSpecException naming the layer and field at fault
   */
  public static ArchitectureSpec parse(String text) {
    return SpecJson.parse(text);
  }

  /** The spec as indented JSON, every default written out. */
  public String toJson() {
    return SpecJson.write(this);
  }
}
