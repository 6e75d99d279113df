package dev.stride.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file: started, asked what its log ends with, and
 * stopped politely (SIGTERM, a grace period) before it is killed.
 */
public final class LoggedProcess {

  private final String name;
  private final ProcessHandle handle;
  private final Process process; // null when attached by pid
  private final Path log;

  private LoggedProcess(String name, ProcessHandle handle, Process process, Path log) {
    this.name = name;
    this.handle = handle;
    this.process = process;
    this.log = log;
  }

  /**
   * @throws DevStackException if the command cannot be started
   */
  public static LoggedProcess start(
      String name, List<String> command, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(env);
      Process process = builder.start();
      return new LoggedProcess(name, process.toHandle(), process, log);
    } catch (IOException e) {
      throw new DevStackException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /** A process started before, by another JVM perhaps, if it still runs. */
  public static Optional<LoggedProcess> attach(String name, long pid, Path log) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(h -> new LoggedProcess(name, h, null, log));
  }

  public String name() {
    return name;
  }

  public long pid() {
    return handle.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return handle.isAlive();
  }

  /** The exit code, once a process this JVM started has ended. */
  public OptionalInt exitCode() {
    return process != null && !process.isAlive()
        ? OptionalInt.of(process.exitValue())
        : OptionalInt.empty();
  }

  /** Waits for the process to end by itself; false if it still runs after {@code timeout}. */
  public boolean awaitExit(Duration timeout) {
    try {
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return !handle.isAlive();
    }
  }

  /**
   * SIGTERM, then SIGKILL if it has not stopped within {@code grace}.
   *
   * @throws DevStackException if it still runs after both
   */
  public void stop(Duration grace) {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    if (!awaitExit(grace)) {
      kill();
    }
  }

  /** SIGKILL, as a crash would. */
  public void kill() {
    handle.destroyForcibly();
    if (!awaitExit(Duration.ofSeconds(10))) {
      throw new DevStackException(name + " (pid " + handle.pid() + ") did not stop");
    }
  }

  /** The last lines of the log, with its path, to put in an error message. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()))
          + "\n(full log: "
          + log
          + ")";
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }
}
