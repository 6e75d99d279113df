package dev.stride.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {

  private final String before = System.getProperty(JvmOptions.PROPERTY);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(JvmOptions.PROPERTY);
    } else {
      System.setProperty(JvmOptions.PROPERTY, before);
    }
  }

  @Test
  void unsetOrBlankAddsNothing() {
    System.clearProperty(JvmOptions.PROPERTY);
    assertThat(JvmOptions.forChild()).isEmpty();
    System.setProperty(JvmOptions.PROPERTY, "  ");
    assertThat(JvmOptions.forChild()).isEmpty();
  }

  @Test
  void eachOptionThenThePropertyForTheChildsOwnChildren() {
    System.setProperty(JvmOptions.PROPERTY, " -XX:TieredStopAtLevel=1  -XX:+UseSerialGC ");
    assertThat(JvmOptions.forChild())
        .containsExactly(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Dstride.stack.jvm-options=-XX:TieredStopAtLevel=1  -XX:+UseSerialGC");
  }
}
