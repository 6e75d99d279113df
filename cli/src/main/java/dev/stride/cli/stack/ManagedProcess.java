package dev.stride.cli.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process of the local stack: started with its output in a log, stopped politely, then not. */
final class ManagedProcess {

  private static final Duration GRACE = Duration.ofSeconds(30);

  private final String name;
  private final ProcessHandle handle;
  private final Path log;

  private ManagedProcess(String name, ProcessHandle handle, Path log) {
    this.name = name;
    this.handle = handle;
    this.log = log;
  }

  static ManagedProcess start(
      String name, List<String> command, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      return new ManagedProcess(name, builder.start().toHandle(), log);
    } catch (IOException e) {
      throw new StackException("cannot start " + name + ": " + e.getMessage());
    }
  }

  /** A process started earlier, by pid (for {@code stride down}). */
  static ManagedProcess attach(String name, long pid, Path log) {
    return ProcessHandle.of(pid).map(h -> new ManagedProcess(name, h, log)).orElse(null);
  }

  String name() {
    return name;
  }

  long pid() {
    return handle.pid();
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return handle.isAlive();
  }

  /** Waits until {@code url} answers 200, failing early with the log's end if the process dies. */
  void awaitHttpOk(String url, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!isAlive()) {
        throw new StackException(name + " exited while starting:\n" + tail());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackException("interrupted while waiting for " + name);
      }
      if (System.nanoTime() > deadline) {
        throw new StackException(
            name + " did not become ready at " + url + " within " + timeout + ":\n" + tail());
      }
      sleep(250);
    }
  }

  /** SIGTERM and a grace period (services checkpoint and leave their groups), then SIGKILL. */
  void stop() {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    try {
      handle.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      handle.destroyForcibly();
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported below: the process may still be alive
      }
    }
    if (handle.isAlive()) {
      throw new StackException(name + " (pid " + handle.pid() + ") did not stop");
    }
  }

  String tail() {
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

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted");
    }
  }
}
