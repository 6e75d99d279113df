package dev.stride.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.StackException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stack that cannot start says which part failed and why, and leaves no process behind. */
class LocalStackFailureIT {

  @Test
  void aServiceThatCannotStartStopsEverythingStartedBefore() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "failing-stack-");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ByteArrayOutputStream progress = new ByteArrayOutputStream();

      assertThatThrownBy(
              () ->
                  LocalStack.start(
                      dir,
                      true,
                      Map.of("predictor", taken.getLocalPort()),
                      new PrintStream(progress)))
          .isInstanceOf(StackException.class)
          .hasMessageStartingWith("predictor exited while starting:")
          .hasMessageContaining(
              "Port " + taken.getLocalPort() + " seems to be in use by another process")
          .hasMessageContaining("(full log: " + dir.resolve("logs/predictor.log") + ")");

      // the devstack and the three services that did start are gone again
      assertThat(progress.toString()).contains("devstack", "ingestion", "trainer", "evaluator");
      assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
    }
  }
}
