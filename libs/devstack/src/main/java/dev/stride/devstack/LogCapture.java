package dev.stride.devstack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The lines a logger writes while open, as {@code "LEVEL message"}, for tests that assert what a
 * service says in its log. Works with any logging back end that bridges java.util.logging (JBoss
 * LogManager in Quarkus does).
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of(Evaluator.class.getName())) {
 *   ...
 *   assertThat(log.lines()).contains("WARN run r1: ...");
 * }
 * }</pre>
 */
public final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  public static LogCapture of(String loggerName) {
    LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
    capture.setLevel(Level.ALL);
    capture.logger.addHandler(capture);
    return capture;
  }

  /** Every line so far, oldest first. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void publish(LogRecord record) {
    lines.add(level(record.getLevel()) + " " + message(record));
  }

  @Override
  public void flush() {
    // nothing buffered
  }

  @Override
  public void close() {
    logger.removeHandler(this);
  }

  /** printf-style records (JBoss Logging's {@code warnf}) carry their format and arguments. */
  private static String message(LogRecord record) {
    Object[] parameters = record.getParameters();
    if (parameters == null || parameters.length == 0 || !record.getMessage().contains("%")) {
      return record.getMessage();
    }
    return String.format(record.getMessage(), parameters);
  }

  private static String level(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (level.intValue() >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (level.intValue() >= Level.INFO.intValue()) {
      return "INFO";
    }
    return "DEBUG";
  }
}
