package dev.stride.nn.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.nn.Presets;
import dev.stride.nn.spec.ArchitectureSpec;
import dev.stride.nn.summary.ModelSummary;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class DiagramTest {

  private static final ModelSummary TINY =
      ModelSummary.of(
          ArchitectureSpec.parse(
              """
              name: tiny
              layers:
                - {type: conv, filters: 8, kernel: 3, activation: relu}
                - {type: residual, filters: 16, stride: 2}
                - {type: flatten}
                - {type: dense, units: classes}
              """),
          10);

  @Test
  void writesKerasRecordNodesAndTheShortcutAsDot() {
    assertThat(Diagram.dot(TINY))
        .isEqualTo(
            """
            digraph "tiny" {
              graph [rankdir=TB];
              node [shape=record, fontname="Helvetica", fontsize=11];
              n0 [label="input_1: InputLayer|{input:|output:}|{(None, 32, 32, 3)|(None, 32, 32, 3)}"];
              n1 [label="conv2d: Conv2D|{input:|output:}|{(None, 32, 32, 3)|(None, 30, 30, 8)}"];
              subgraph cluster_2 {
                label="residual_block: ResidualBlock"; style=dashed;
                n2 [label="conv2d: Conv2D|{input:|output:}|{(None, 30, 30, 8)|(None, 15, 15, 16)}"];
                n3 [label="batch_normalization: BatchNormalization|{input:|output:}|{(None, 15, 15, 16)|(None, 15, 15, 16)}"];
                n4 [label="activation: Activation|{input:|output:}|{(None, 15, 15, 16)|(None, 15, 15, 16)}"];
                n5 [label="conv2d_1: Conv2D|{input:|output:}|{(None, 15, 15, 16)|(None, 15, 15, 16)}"];
                n6 [label="batch_normalization_1: BatchNormalization|{input:|output:}|{(None, 15, 15, 16)|(None, 15, 15, 16)}"];
                n7 [label="conv2d_2: Conv2D|{input:|output:}|{(None, 30, 30, 8)|(None, 15, 15, 16)}"];
                n8 [label="add: Add|{input:|output:}|{[(None, 15, 15, 16), (None, 15, 15, 16)]|(None, 15, 15, 16)}"];
                n9 [label="activation_1: Activation|{input:|output:}|{(None, 15, 15, 16)|(None, 15, 15, 16)}"];
              }
              n10 [label="flatten: Flatten|{input:|output:}|{(None, 15, 15, 16)|(None, 3600)}"];
              n11 [label="dense: Dense|{input:|output:}|{(None, 3600)|(None, 10)}"];
              n0 -> n1;
              n1 -> n2;
              n2 -> n3;
              n3 -> n4;
              n4 -> n5;
              n5 -> n6;
              n6 -> n8;
              n1 -> n7 [style=dashed];
              n7 -> n8 [style=dashed];
              n8 -> n9;
              n9 -> n10;
              n10 -> n11;
            }
            """);
  }

  @Test
  void drawsAWellFormedSvgChainWithEveryShortcut() throws Exception {
    Document svg = parse(Diagram.svg(ModelSummary.of(Presets.load("resnet-20"), 10)));
    XPath xpath = XPathFactory.newInstance().newXPath();

    assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(xpath.evaluate("/*[local-name()='svg']/*[local-name()='title']", svg))
        .isEqualTo("resnet-20");
    // the input, 3 stem layers, 9 blocks of 7 parts, 2 projections, pooling and dense
    assertThat(count(xpath, svg, "//*[@class='layer' or @class='layer projection']")).isEqualTo(71);
    assertThat(count(xpath, svg, "//*[@class='layer projection']")).isEqualTo(2);
    assertThat(count(xpath, svg, "//*[@class='residual']")).isEqualTo(9);
    // one path per identity shortcut, two (in and out of the projection) per projected one
    assertThat(count(xpath, svg, "//*[@class='shortcut']")).isEqualTo(7 + 2 * 2);
    assertThat(count(xpath, svg, "//*[@class='edge']")).isEqualTo(70 - 2);
    assertThat(xpath.evaluate("//*[@class='layer projection'][1]/*[local-name()='text'][3]", svg))
        .isEqualTo("output: (None, 16, 16, 32)");
  }

  @Test
  void escapesWhatXmlGivesMeaningTo() throws Exception {
    ModelSummary summary =
        ModelSummary.of(
            ArchitectureSpec.parse(
                "name: a<b & \"c\"\nlayers: [{type: flatten}, {type: dense, units: classes}]"),
            10);

    Document svg = parse(Diagram.svg(summary));

    assertThat(svg.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("a<b & \"c\"");
    assertThat(Diagram.dot(summary)).startsWith("digraph \"a<b & \\\"c\\\"\" {");
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static int count(XPath xpath, Document svg, String expression) throws Exception {
    return ((org.w3c.dom.NodeList) xpath.evaluate(expression, svg, XPathConstants.NODESET))
        .getLength();
  }
}
