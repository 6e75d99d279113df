package dev.stride.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java program run in its own JVM on a class path recorded at build time, its output appended to
 * a log file. The child runs under {@link ParentWatch}, so it exits when the JVM that started it
 * dies, even by SIGKILL: no orphan brokers.
 */
final class ChildJvm implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
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
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(ownLocation() + java.io.File.pathSeparator + readClassPath(classPathResource));
    command.add(ParentWatch.class.getName());
    command.add(Long.toString(ProcessHandle.current().pid()));
    command.add(mainClass);
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new ChildJvm(name, process, log);
    } catch (IOException e) {
      throw new DevStackException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /** Runs a program to completion, failing with the end of its log when it exits non-zero. */
  static void run(
      String name,
      String classPathResource,
      String mainClass,
      List<String> args,
      Path log,
      Duration timeout) {
    try (ChildJvm child = start(name, classPathResource, List.of(), mainClass, args, log)) {
      if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new DevStackException(name + " did not finish within " + timeout + "; see " + log);
      }
      if (child.process.exitValue() != 0) {
        throw new DevStackException(
            name + " exited with " + child.process.exitValue() + ": " + child.tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevStackException("interrupted while running " + name, e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** Fails with the end of the log if the process has exited. */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new DevStackException(
          name + " exited with " + process.exitValue() + " while starting: " + tail());
    }
  }

  /** The last lines of the log, to put in an error message. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))
          + "\n(full log: "
          + log
          + ")";
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  /** SIGKILL, as a crash would; for tests of what survives one. */
  void kill() {
    process.destroyForcibly();
    waitForExit(STOP_GRACE);
  }

  /** SIGTERM, then SIGKILL if the program has not stopped within the grace period. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitForExit(STOP_GRACE)) {
      process.destroyForcibly();
      waitForExit(STOP_GRACE);
    }
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
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
  private static String ownLocation() {
    try {
      return Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
