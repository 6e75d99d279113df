package dev.stride.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DevStackMainTest {

  /** A killed launcher must not leave a broker or an S3 server behind. */
  @Test
  void childrenExitWhenTheLauncherIsKilled() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "devstack-main-");
    Process launcher =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DevStackMain.class.getName(),
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    Map<String, String> printed = new LinkedHashMap<>();
    try (var out =
        new BufferedReader(
            new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("devstack ready")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          printed.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      List<ProcessHandle> children = launcher.descendants().toList();
      assertThat(printed).containsKeys("kafka.bootstrap.servers", "stride.store.endpoint");
      assertThat(children).hasSize(2);

      launcher.destroyForcibly();
      launcher.waitFor(10, TimeUnit.SECONDS);

      for (ProcessHandle child : children) {
        child.onExit().get(30, TimeUnit.SECONDS);
        assertThat(child.isAlive()).isFalse();
      }
    } finally {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }
}
