package dev.stride.contracts.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The one error shape: byte-for-byte what the services answered before it was shared. */
class ErrorBodyTest {

  // a plain mapper, as a service's framework has: the record itself must leave out a null field
  private static final ObjectMapper PLAIN = new ObjectMapper();

  @Test
  void withoutAFieldIsJustTheError() throws Exception {
    assertThat(PLAIN.writeValueAsString(new ErrorBody("no run r-1")))
        .isEqualTo("{\"error\":\"no run r-1\"}");
  }

  @Test
  void namesTheFieldAtFault() throws Exception {
    assertThat(PLAIN.writeValueAsString(new ErrorBody("must be positive", "epochs")))
        .isEqualTo("{\"error\":\"must be positive\",\"field\":\"epochs\"}");
  }

  @Test
  void readsBothShapes() throws Exception {
    assertThat(PLAIN.readValue("{\"error\":\"e\"}", ErrorBody.class))
        .isEqualTo(new ErrorBody("e", null));
    assertThat(PLAIN.readValue("{\"error\":\"e\",\"field\":\"f\"}", ErrorBody.class))
        .isEqualTo(new ErrorBody("e", "f"));
  }
}
