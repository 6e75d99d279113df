package dev.stride.nn.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.nn.Presets;
import dev.stride.nn.spec.ArchitectureSpec;
import dev.stride.nn.spec.ShapeException;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {

  @Test
  void refusesATotalPast2To63InsteadOfWrapping() {
    // each dense layer has (2^31)(2^31 − 1) parameters, under 2^63; the three together pass it
    ArchitectureSpec spec =
        ArchitectureSpec.parse(
            "input: [1, 1, 2147483647]\n"
                + "layers: [{type: globalavgpool}, {type: dense, units: 2147483647},"
                + " {type: dense, units: 2147483647}, {type: dense, units: classes}]");

    assertThatThrownBy(() -> ModelSummary.of(spec, 10))
        .isInstanceOf(ShapeException.class)
        .hasMessageContaining("parameter count passes 2^63");
  }

  @Test
  void printsTheNotebooksAlexnetMiniAsKerasDoes() {
    String text = ModelSummary.of(Presets.load("alexnet-mini"), 10).toText();

    // Keras' 65 columns would cut "max_pooling2d_1 (MaxPooling2D)"; 69 is the first that fits it
    assertThat(text)
        .isEqualTo(
            """
            Model: "alexnet-mini"
            _____________________________________________________________________
            Layer (type)                   Output Shape               Param #
            =====================================================================
            conv2d (Conv2D)                (None, 32, 32, 48)         1344
            _____________________________________________________________________
            max_pooling2d (MaxPooling2D)   (None, 10, 10, 48)         0
            _____________________________________________________________________
            conv2d_1 (Conv2D)              (None, 10, 10, 128)        55424
            _____________________________________________________________________
            max_pooling2d_1 (MaxPooling2D) (None, 3, 3, 128)          0
            _____________________________________________________________________
            conv2d_2 (Conv2D)              (None, 3, 3, 192)          221376
            _____________________________________________________________________
            conv2d_3 (Conv2D)              (None, 3, 3, 192)          331968
            _____________________________________________________________________
            conv2d_4 (Conv2D)              (None, 3, 3, 128)          221312
            _____________________________________________________________________
            max_pooling2d_2 (MaxPooling2D) (None, 1, 1, 128)          0
            _____________________________________________________________________
            flatten (Flatten)              (None, 128)                0
            _____________________________________________________________________
            dense (Dense)                  (None, 1024)               132096
            _____________________________________________________________________
            dropout (Dropout)              (None, 1024)               0
            _____________________________________________________________________
            dense_1 (Dense)                (None, 1024)               1049600
            _____________________________________________________________________
            dense_2 (Dense)                (None, 10)                 10250
            =====================================================================
            Total params: 2,023,370
            Trainable params: 2,023,370
            Non-trainable params: 0
            _____________________________________________________________________
            """);
  }

  @Test
  void keepsKerasDefaultWidthWhenEveryNameFits() {
    String text =
        ModelSummary.of(
                ArchitectureSpec.parse(
                    "name: tiny\nlayers: [{type: flatten}, {type: dense, units: classes}]"),
                10)
            .toText();

    assertThat(text)
        .isEqualTo(
            """
            Model: "tiny"
            _________________________________________________________________
            Layer (type)                 Output Shape              Param #
            =================================================================
            flatten (Flatten)            (None, 3072)              0
            _________________________________________________________________
            dense (Dense)                (None, 10)                30730
            =================================================================
            Total params: 30,730
            Trainable params: 30,730
            Non-trainable params: 0
            _________________________________________________________________
            """);
  }

  @Test
  void splitsBatchNormIntoTrainableAndNonTrainableLikeKeras() {
    String text = ModelSummary.of(Presets.load("resnet-20"), 10).toText();

    assertThat(text)
        .contains(
            "residual_block_3 (ResidualBlock)                  (None, 16, 16, 32)"
                + "                           14688\n",
            "global_average_pooling2d (GlobalAveragePooling2D) (None, 64)",
            "Total params: 274,442\nTrainable params: 273,066\nNon-trainable params: 1,376\n");
  }

  @Test
  void servesTheSameNumbersAsJson() throws Exception {
    JsonNode json =
        new ObjectMapper().readTree(ModelSummary.of(Presets.load("resnet-20"), 10).toJson());

    assertThat(json.get("model").asText()).isEqualTo("resnet-20");
    assertThat(json.get("totalParams").asLong()).isEqualTo(274_442);
    assertThat(json.get("trainableParams").asLong()).isEqualTo(273_066);
    assertThat(json.get("nonTrainableParams").asLong()).isEqualTo(1_376);
    assertThat(json.get("output").toString()).isEqualTo("[10]");
    JsonNode block = json.get("layers").get(6);
    assertThat(block.get("name").asText()).isEqualTo("residual_block_3");
    assertThat(block.get("output").toString()).isEqualTo("[16,16,32]");
    assertThat(block.get("params").asLong()).isEqualTo(14_688);
    assertThat(block.get("nonTrainableParams").asLong()).isEqualTo(128);
    assertThat(block.get("parts")).hasSize(8);
    assertThat(block.get("parts").get(5).get("name").asText())
        .isEqualTo("residual_block_3/conv2d_2");
    assertThat(json.get("layers").get(0).has("parts")).isFalse();
  }
}
