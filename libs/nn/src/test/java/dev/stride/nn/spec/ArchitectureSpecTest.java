package dev.stride.nn.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureSpecTest {

  private static final String KNOWN =
      "known: conv, maxpool, avgpool, batchnorm, dropout, flatten, dense, globalavgpool,"
          + " activation, residual";

  @Test
  void readsJsonAndYamlAlikeWithKerasDefaults() {
    ArchitectureSpec json =
        ArchitectureSpec.parse(
            """
            {"name": "tiny", "layers": [
              {"type": "conv", "filters": 16, "kernel": 3, "padding": "same", "activation": "relu"},
              {"type": "maxpool", "size": 2},
              {"type": "residual", "filters": 32, "stride": 2},
              {"type": "globalavgpool"},
              {"type": "dropout", "rate": 0.25},
              {"type": "dense", "units": "classes"}]}
            """);
    ArchitectureSpec yaml =
        ArchitectureSpec.parse(
            """
            name: tiny
            layers:
              - {type: conv, filters: 16, kernel: 3, padding: SAME, activation: relu}
              - type: maxpool
                size: 2
              - {type: residual, filters: 32, stride: 2}
              - {type: globalavgpool}
              - {type: dropout, rate: 0.25}
              - {type: dense, units: classes}
            """);

    assertThat(yaml).isEqualTo(json);
    assertThat(json.input()).isEqualTo(TensorShape.volume(32, 32, 3));
    assertThat(json.layers())
        .containsExactly(
            new LayerSpec.Conv(Width.of(16), 3, 1, Padding.SAME, ActivationFunction.RELU, true),
            new LayerSpec.MaxPool(2, 2, Padding.VALID),
            new LayerSpec.Residual(32, 2),
            new LayerSpec.GlobalAvgPool(),
            new LayerSpec.Dropout(0.25),
            new LayerSpec.Dense(Width.classes(), null));
  }

  @Test
  void writesJsonThatReadsBackTheSame() {
    ArchitectureSpec spec =
        new ArchitectureSpec(
            "round-trip",
            null,
            TensorShape.volume(28, 28, 1),
            List.of(
                new LayerSpec.Conv(Width.classes(), 1, null, null, null, false),
                new LayerSpec.BatchNorm(),
                new LayerSpec.Activation(ActivationFunction.TANH),
                new LayerSpec.AvgPool(3, 1, Padding.SAME),
                new LayerSpec.Flatten()));

    assertThat(ArchitectureSpec.parse(spec.toJson())).isEqualTo(spec);
    assertThat(spec.toJson())
        .contains("\"type\" : \"conv\"", "\"filters\" : \"classes\"", "\"bias\" : false")
        .doesNotContain("description", "\"activation\" : null");
  }

  @Test
  void aSpecWithoutNameIsKerasDefaultSequential() {
    assertThat(ArchitectureSpec.parse("layers: [{type: flatten}]").name()).isEqualTo("sequential");
  }

  @Test
  void namesTheLayerAndFieldOfWhatCannotBeRead() {
    refused("{\"layers\": [{\"type\": \"convolution\"}]}", 1, null)
        .hasMessage("layer 1: unknown type 'convolution'; " + KNOWN);
    refused("{\"layers\": [{\"type\": \"flatten\"}, {\"filters\": 3}]}", 2, null)
        .hasMessage("layer 2: 'type' is missing; " + KNOWN);
    refused("{\"layers\": [{\"type\": \"conv\", \"filter\": 3}]}", 1, "filter")
        .hasMessage(
            "layer 1 conv: unknown field 'filter'; known: activation, bias, filters, kernel,"
                + " padding, stride");
    refused("{\"layers\": [{\"type\": \"conv\", \"filters\": 3, \"kernel\": 2.5}]}", 1, "kernel")
        .hasMessage("layer 1 conv: 'kernel' must be a whole number");
    refused("{\"layers\": [{\"type\": \"conv\", \"filters\": 3, \"kernel\": \"3\"}]}", 1, "kernel")
        .hasMessage("layer 1 conv: 'kernel' must be a whole number");
    refused("{\"layers\": [{\"type\": \"dense\", \"units\": \"many\"}]}", 1, "units")
        .hasMessage("layer 1 dense: 'units' must be a whole number or \"classes\", got \"many\"");
    refused(
            "{\"layers\": [{\"type\": \"maxpool\", \"size\": 2, \"padding\": \"full\"}]}",
            1,
            "padding")
        .hasMessage("layer 1 maxpool: 'padding' must be 'valid' or 'same', got 'full'");
    refused(
            "{\"layers\": [{\"type\": \"dense\", \"units\": 3, \"activation\": \"swish\"}]}",
            1,
            "activation")
        .hasMessage("layer 1 dense: 'activation' must be one of relu, sigmoid, tanh, got 'swish'");
    refused(
            "{\"layers\": [{\"type\": \"dense\", \"units\": 3, \"activation\": \"softmax\"}]}",
            1,
            "activation")
        .hasMessage(
            "layer 1 dense: 'activation' must not be softmax: the loss and prediction apply it,"
                + " so leave the last layer without activation");
    refused("{\"layers\": [3]}", 1, null).hasMessage("layer 1: 'type' is missing; " + KNOWN);
  }

  @Test
  void namesTheFieldOfWhatIsWrongWithTheSpecAsAWhole() {
    refused("{\"layers\": [], \"inputs\": [1]}", null, "inputs")
        .hasMessage("unknown field 'inputs'; known: description, input, layers, name");
    refused("{\"layers\": [], \"input\": [32, 32]}", null, "input")
        .hasMessage("'input' must be [height, width, channels] or [size], got [32, 32]");
    refused("{\"layers\": [], \"input\": [32, 0, 3]}", null, "input")
        .hasMessage("'input' must hold sizes of at least 1, got [32, 0, 3]");
    refused("{\"layers\": {\"type\": \"conv\"}}", null, "layers")
        .hasMessage("'layers' must be a list");
  }

  @Test
  void pointsAtSyntaxErrors() {
    refused("{\"layers\": [{\"type\": \"flatten\"}", null, null)
        .hasMessage(
            "not valid JSON at line 1, column 32: Unexpected end-of-input: expected close marker"
                + " for Array");
    refused("layers:\n  - type: conv\n   filters: 3", null, null)
        .hasMessage(
            "not valid YAML at line 3, column 4: while parsing a block collection; expected <block"
                + " end>, but found '<block mapping start>'");
    refused("[1, 2]", null, null)
        .hasMessage("a spec is an object with \"layers\" (and optionally \"name\", \"input\")");
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refused(
      String text, Integer layer, String field) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> ArchitectureSpec.parse(text));
    assertThat(thrown).isInstanceOf(InvalidSpecException.class);
    InvalidSpecException e = (InvalidSpecException) thrown;
    assertThat(e.layer().isPresent() ? Integer.valueOf(e.layer().getAsInt()) : null)
        .isEqualTo(layer);
    assertThat(e.field().orElse(null)).isEqualTo(field);
    return assertThat(thrown);
  }
}
