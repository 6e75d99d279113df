package dev.stride.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.cli.StrideCli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The model verbs run in-process: no stack, no engine (this module has no libtorch to load). */
class ModelCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void shapePrintsTheNotebooksSliderCellWithItsWorking() {
    int code =
        run(
            "model",
            "shape",
            "--input",
            "10x10x3",
            "--filters",
            "3",
            "--kernel",
            "2",
            "--stride",
            "1",
            "--padding",
            "valid");

    assertThat(code).isZero();
    assertThat(out.toString())
        .isEqualTo(
            """
            10×10×3 → conv 3 filters 2×2 stride 1 valid → 9×9×3
              height and width, valid: ⌊(n−k)/s⌋+1 = ⌊(10−2)/1⌋+1 = 9
              channels = filters = 3
              parameters = (k·k·C + 1)·filters = (2·2·3 + 1)·3 = 39
            """);
  }

  @Test
  void shapeSaysWhenTheOutputWouldBeEmpty() {
    int code = run("model", "shape", "--input", "10x10x3", "--filters", "3", "--kernel", "11");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "stride model shape: kernel 11×11 with stride 1 and 'valid' padding does not fit a"
                + " 10×10×3 input: ⌊(10−11)/1⌋+1 = 0\n");
  }

  @Test
  void shapeRefusesAMalformedInput() {
    int code = run("model", "shape", "--input", "10x10", "--filters", "3", "--kernel", "2");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "Invalid value for option '--input': a shape is height×width×channels such as"
                + " 32x32x3, got '10x10'\n");
  }

  @Test
  void summaryPrintsAPresetAsKerasDoes() {
    int code = run("model", "summary", "alexnet-mini");

    assertThat(code).isZero();
    assertThat(out.toString())
        .startsWith("Model: \"alexnet-mini\"\n")
        .contains("conv2d (Conv2D)                (None, 32, 32, 48)         1344\n")
        .endsWith(
            "Total params: 2,023,370\nTrainable params: 2,023,370\nNon-trainable params: 0\n"
                + "_".repeat(69)
                + "\n");
  }

  @Test
  void summaryReadsASpecFileAndServesJson(@TempDir Path dir) throws Exception {
    Path spec =
        Files.writeString(
            dir.resolve("tiny.yaml"),
            "name: tiny\nlayers: [{type: flatten}, {type: dense, units: classes}]\n");

    assertThat(run("model", "summary", spec.toString())).isZero();
    assertThat(out.toString())
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

    out.getBuffer().setLength(0);
    assertThat(run("model", "summary", "--json", "--classes", "100", spec.toString())).isZero();
    assertThat(out.toString())
        .contains("\"model\" : \"tiny\"", "\"totalParams\" : 307300", "\"output\" : [ 100 ]");
  }

  @Test
  void summaryNamesWhatIsWrongWithASpec(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("bad.json"), "{\"layers\": [{\"type\": \"conv\"}]}");

    assertThat(run("model", "summary", spec.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo("stride model summary: layer 1 conv: 'filters' is missing\n");
  }

  @Test
  void summaryNamesThePresetsWhenGivenNeitherPresetNorFile() {
    assertThat(run("model", "summary", "vgg-99")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "'vgg-99' is neither a preset (alexnet-mini, alexnet-mini-bn, all-conv, resnet-20)"
                + " nor a spec file\n");
  }

  @Test
  void diagramWritesSvgOrDotByExtension(@TempDir Path dir) throws Exception {
    Path svg = dir.resolve("resnet.svg");
    Path dot = dir.resolve("resnet.dot");

    assertThat(run("model", "diagram", "resnet-20", "-o", svg.toString())).isZero();
    assertThat(run("model", "diagram", "resnet-20", "--output", dot.toString())).isZero();

    assertThat(out.toString()).isEqualTo("wrote " + svg + "\nwrote " + dot + "\n");
    byte[] xml = Files.readAllBytes(svg);
    assertThat(
            DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml))
                .getDocumentElement()
                .getTagName())
        .isEqualTo("svg");
    assertThat(Files.readString(dot, StandardCharsets.UTF_8))
        .startsWith("digraph \"resnet-20\" {\n");
  }

  @Test
  void diagramRefusesOtherFormats(@TempDir Path dir) {
    assertThat(run("model", "diagram", "alexnet-mini", "-o", dir.resolve("a.png").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).startsWith("-o must name a .svg or a .dot file, got ");
    assertThat(dir.resolve("a.png")).doesNotExist();
  }

  @Test
  void everyVerbExplainsItself() {
    for (String verb : new String[] {"summary", "diagram", "shape"}) {
      out.getBuffer().setLength(0);
      assertThat(run("model", verb, "--help")).isZero();
      assertThat(out.toString()).startsWith("Usage: stride model " + verb);
    }
    assertThat(run("model")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Missing a verb: summary, diagram or shape\n");
  }

  private int run(String... args) {
    return new CommandLine(new StrideCli())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
