package dev.stride.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.stride.contracts.events.Hyperparameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsNumbersAsWritten() throws IOException {
    Hyperparameters read = read("{\"epochs\":3,\"batchSize\":16,\"learningRate\":1,\"seed\":7}");

    assertThat(read.epochs()).isEqualTo(3);
    assertThat(read.learningRate()).isEqualTo(1.0);
    assertThat(read.seed()).isEqualTo(7L);
  }

  @Test
  void refusesAFractionForAnInteger() {
    assertMismatched("{\"epochs\":1.7}", "epochs");
  }

  @Test
  void refusesAStringForANumber() {
    assertMismatched("{\"epochs\":\"3\"}", "epochs");
    assertMismatched("{\"learningRate\":\"0.1\"}", "learningRate");
    assertMismatched("{\"seed\":\"\"}", "seed");
  }

  private static void assertMismatched(String json, String field) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining(field);
  }

  @Test
  void refusesTrailingBytes() {
    assertThatThrownBy(() -> read("{\"epochs\":3} 4"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Trailing token");
    assertThatThrownBy(() -> Json.tree("{\"epochs\":3}{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Trailing token");
  }

  private static Hyperparameters read(String json) throws IOException {
    return Json.fromBytes(json.getBytes(StandardCharsets.UTF_8), Hyperparameters.class);
  }
}
