package dev.stride.devstack;

import java.util.ArrayList;
import java.util.List;

/**
 * Extra JVM options for every process the dev stack and the local stack launch, from the system
 * property {@value #PROPERTY} (whitespace-separated). The test builds set it so that the brokers,
 * S3 servers and services a test starts compile with C1 only: short-lived JVMs on two cores spend
 * less CPU on JIT that way. Unset, processes run with the JVM's defaults.
 */
public final class JvmOptions {

  /** The system property holding the options. */
  public static final String PROPERTY = "stride.stack.jvm-options";

  /**
   * For processes that live minutes (the demo's; the test builds set the same in the parent pom):
   * C1 only, serial GC.
   */
  public static final String SHORT_LIVED = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private JvmOptions() {}

  /**
   * The options to put first on a child's command line; non-empty, they end with the property
   * itself, so that the child passes them on to the processes it launches in turn.
   */
  public static List<String> forChild() {
    String value = System.getProperty(PROPERTY, "").strip();
    List<String> options = new ArrayList<>();
    if (!value.isEmpty()) {
      options.addAll(List.of(value.split("\\s+")));
      options.add("-D" + PROPERTY + "=" + value);
    }
    return options;
  }
}
