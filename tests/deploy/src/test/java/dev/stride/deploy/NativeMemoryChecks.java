package dev.stride.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a runnable image stage (one with an ENTRYPOINT) does with memory and with the network: the
 * JVM's heap share and its exit on OutOfMemoryError, DJL's telemetry, and every download a build
 * makes checked against a SHA-256 fixed in the Dockerfile.
 */
final class NativeMemoryChecks {

  /** An image that carries libtorch leaves at least 40% of the memory limit outside the heap. */
  static final int MAX_HEAP_PERCENT_WITH_LIBTORCH = 60;

  static final int MAX_HEAP_PERCENT = 75;

  private static final Pattern MAX_RAM = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");
  private static final Pattern DOWNLOAD =
      Pattern.compile("^(?:curl|wget)\\b.*(?:https?://|\\$\\{?\\w*URL\\}?)");
  private static final Pattern SHA256_CHECK =
      Pattern.compile("\\$\\{?(\\w+)\\}?.*\\|\\s*sha256sum\\s+(?:-c|--check)");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private NativeMemoryChecks() {}

  /** A stage that carries DJL: it sets DJL_CACHE_DIR or runs the DJL warm-up. */
  static boolean carriesDjl(Dockerfile.Stage stage) {
    return stage.variables().containsKey("DJL_CACHE_DIR")
        || stage.all("RUN").stream().anyMatch(run -> run.contains("DjlWarmup"));
  }

  static List<Dockerfile.Stage> runnable(Dockerfile dockerfile) {
    return dockerfile.stages().stream().filter(s -> s.last("ENTRYPOINT").isPresent()).toList();
  }

  private static String where(String service, Dockerfile.Stage stage) {
    return service
        + " ("
        + (stage.name() == null ? "final stage" : "stage " + stage.name())
        + "): ";
  }

  /** JAVA_TOOL_OPTIONS: a heap share that leaves room for native memory; exit on OOM. */
  static List<String> jvm(String service, Dockerfile dockerfile) {
    List<String> problems = new ArrayList<>();
    for (Dockerfile.Stage stage : runnable(dockerfile)) {
      String where = where(service, stage);
      String options = stage.variables().getOrDefault("JAVA_TOOL_OPTIONS", "");
      if (!options.contains("-XX:+ExitOnOutOfMemoryError")) {
        problems.add(where + "JAVA_TOOL_OPTIONS lacks -XX:+ExitOnOutOfMemoryError: " + options);
      }
      Matcher share = MAX_RAM.matcher(options);
      int limit = carriesDjl(stage) ? MAX_HEAP_PERCENT_WITH_LIBTORCH : MAX_HEAP_PERCENT;
      if (!share.find()) {
        problems.add(where + "JAVA_TOOL_OPTIONS sets no -XX:MaxRAMPercentage: " + options);
      } else if (Double.parseDouble(share.group(1)) > limit) {
        problems.add(
            "%sMaxRAMPercentage=%s leaves less than %d%% of the memory limit outside the heap%s"
                .formatted(
                    where,
                    share.group(1),
                    100 - limit,
                    carriesDjl(stage) ? " (libtorch allocates there)" : ""));
      }
    }
    return problems;
  }

  /**
   * DJL reports to its telemetry unless OPT_OUT_TRACKING is true (ai.djl.util.Ec2Utils.callHome):
   * set before the warm-up, which is DJL's first run, and so for the container too.
   */
  static List<String> djlTelemetry(String service, Dockerfile dockerfile) {
    List<String> problems = new ArrayList<>();
    for (Dockerfile.Stage stage : runnable(dockerfile)) {
      if (!carriesDjl(stage)) {
        continue;
      }
      String where = where(service, stage);
      int optOut = -1;
      int warmUp = -1;
      List<Dockerfile.Instruction> instructions = stage.instructions();
      for (int i = 0; i < instructions.size(); i++) {
        Dockerfile.Instruction instruction = instructions.get(i);
        if (instruction.keyword().equals("ENV")
            && instruction.arguments().matches("(?s).*\\bOPT_OUT_TRACKING=\"?true\"?\\b.*")
            && optOut < 0) {
          optOut = i;
        }
        if (instruction.keyword().equals("RUN")
            && instruction.arguments().contains("DjlWarmup")
            && warmUp < 0) {
          warmUp = i;
        }
      }
      if (!"true".equalsIgnoreCase(stage.variables().get("OPT_OUT_TRACKING"))) {
        problems.add(where + "carries DJL but does not set OPT_OUT_TRACKING=true");
      } else if (warmUp >= 0 && optOut > warmUp) {
        problems.add(where + "sets OPT_OUT_TRACKING only after DJL's warm-up has run");
      }
    }
    return problems;
  }

  /**
   * Every RUN that downloads (curl or wget of a URL) checks what it fetched with {@code sha256sum
   * -c} against an ARG or ENV whose value is a SHA-256, before it does anything else with it.
   */
  static List<String> downloadsChecked(String service, Dockerfile dockerfile) {
    List<String> problems = new ArrayList<>();
    for (Dockerfile.Stage stage : dockerfile.stages()) {
      Map<String, String> variables = stage.variables();
      for (String run : stage.all("RUN")) {
        List<String> commands = commands(run);
        for (int i = 0; i < commands.size(); i++) {
          if (!DOWNLOAD.matcher(commands.get(i)).find()) {
            continue;
          }
          String where = where(service, stage) + "RUN " + commands.get(i) + ": ";
          Matcher check =
              i + 1 < commands.size() ? SHA256_CHECK.matcher(commands.get(i + 1)) : null;
          if (check == null || !check.find()) {
            problems.add(where + "the download is not checked with sha256sum -c next");
          } else if (!SHA256.matcher(variables.getOrDefault(check.group(1), "")).matches()) {
            problems.add(
                "%s%s is '%s', not a SHA-256"
                    .formatted(where, check.group(1), variables.getOrDefault(check.group(1), "")));
          }
        }
      }
    }
    return problems;
  }

  /** A RUN's shell commands, split at && and ; (if/then/fi and braces dropped). */
  static List<String> commands(String run) {
    List<String> commands = new ArrayList<>();
    for (String part : run.split("&&|;|\\|\\|")) {
      String command =
          part.strip().replaceAll("^(?:if|then|else|fi|do|done|\\{|\\})(?:\\s+|$)", "").strip();
      if (!command.isEmpty()) {
        commands.add(command);
      }
    }
    return commands;
  }
}
