package dev.stride.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Java program run in its own JVM on a class path recorded at build time, its output appended to
 * a log file. The child runs under {@link ParentWatch}, so it exits when the JVM that started it
 * dies, even by SIGKILL: no orphan brokers.
 */
final class ChildJvm implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final LoggedProcess process;

  private ChildJvm(LoggedProcess process) {
    this.process = process;
  }

  /**
   * Starts {@code mainClass} with the class path listed in the resource {@code classPathResource}.
   */
  static ChildJvm start(
      String name,
      String classPathResource,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JvmOptions.forChild());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(ownLocation() + java.io.File.pathSeparator + readClassPath(classPathResource));
    command.add(ParentWatch.class.getName());
    command.add(Long.toString(ProcessHandle.current().pid()));
    command.add(mainClass);
    command.addAll(args);
    return new ChildJvm(LoggedProcess.start(name, command, Map.of(), log));
  }

  /** Runs a program to completion, failing with the end of its log when it does not succeed. */
  static void run(
      String name,
      String classPathResource,
      String mainClass,
      List<String> args,
      Path log,
      Duration timeout) {
    try (ChildJvm child = start(name, classPathResource, List.of(), mainClass, args, log)) {
      if (!child.process.awaitExit(timeout)) {
        throw new DevStackException(name + " did not finish within " + timeout + "; see " + log);
      }
      int exit = child.process.exitCode().orElse(-1);
      if (exit != 0) {
        throw new DevStackException(name + " exited with " + exit + ": " + child.process.tail());
      }
    }
  }

  /** Fails with the end of the log if the process has exited. */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new DevStackException(name() + " exited while starting: " + tail());
    }
  }

  String name() {
    return process.name();
  }

  String tail() {
    return process.tail();
  }

  /** SIGKILL, as a crash would; for tests of what survives one. */
  void kill() {
    process.kill();
  }

  /** SIGTERM, then SIGKILL if the program has not stopped within the grace period. */
  @Override
  public void close() {
    process.stop(STOP_GRACE);
  }

  private static String readClassPath(String resource) {
    try (InputStream in = ChildJvm.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new DevStackException(
            "class path file " + resource + " is missing; build libs/devstack with Maven first");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jar or classes folder holding the devstack itself, which holds {@link ParentWatch}. */
  static String ownLocation() {
    try {
      return Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
