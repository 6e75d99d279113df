package dev.stride.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile read into its stages and instructions (continuation lines joined). */
record Dockerfile(Map<String, String> globalArgs, List<Dockerfile.Stage> stages) {

  /** One instruction: its keyword in upper case and the rest of the line. */
  record Instruction(String keyword, String arguments) {}

  /** A build stage: FROM (with global ARGs resolved), its name, its instructions. */
  record Stage(String from, String name, List<Instruction> instructions) {

    List<String> all(String keyword) {
      return instructions.stream()
          .filter(i -> i.keyword().equals(keyword))
          .map(Instruction::arguments)
          .toList();
    }

    Optional<String> last(String keyword) {
      List<String> all = all(keyword);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The stage's ARG defaults and ENV values, in order, each resolved against earlier ones. */
    Map<String, String> variables() {
      Map<String, String> variables = new LinkedHashMap<>();
      for (Instruction instruction : instructions) {
        if (instruction.keyword().equals("ARG") || instruction.keyword().equals("ENV")) {
          for (String assignment : words(instruction.arguments())) {
            int equals = assignment.indexOf('=');
            if (equals > 0) {
              variables.put(
                  assignment.substring(0, equals),
                  substitute(unquote(assignment.substring(equals + 1)), variables));
            }
          }
        }
      }
      return variables;
    }

    /** Source paths of COPY instructions that copy from the build context (no --from). */
    List<String> contextCopies() {
      List<String> sources = new ArrayList<>();
      for (String copy : all("COPY")) {
        List<String> words = words(copy);
        if (words.stream().anyMatch(w -> w.startsWith("--from"))) {
          continue;
        }
        List<String> paths = words.stream().filter(w -> !w.startsWith("--")).toList();
        sources.addAll(paths.subList(0, paths.size() - 1));
      }
      return sources;
    }
  }

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\\}");

  static Dockerfile parse(String text) {
    Map<String, String> globalArgs = new LinkedHashMap<>();
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    StringBuilder line = new StringBuilder();
    for (String raw : text.split("\n")) {
      String trimmed = raw.strip();
      if (line.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (trimmed.endsWith("\\")) {
        line.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      line.append(trimmed);
      String instruction = line.toString().strip();
      line.setLength(0);
      int space = instruction.indexOf(' ');
      String keyword = instruction.substring(0, space).toUpperCase();
      String arguments = instruction.substring(space + 1).strip();
      if (keyword.equals("FROM")) {
        List<String> words = words(arguments);
        String from = substitute(words.get(0), globalArgs);
        String name =
            words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
        current = new ArrayList<>();
        stages.add(new Stage(from, name, current));
      } else if (current == null) {
        if (keyword.equals("ARG")) {
          String assignment = words(arguments).get(0);
          int equals = assignment.indexOf('=');
          globalArgs.put(
              equals < 0 ? assignment : assignment.substring(0, equals),
              equals < 0 ? "" : unquote(assignment.substring(equals + 1)));
        }
      } else {
        current.add(new Instruction(keyword, arguments));
      }
    }
    return new Dockerfile(globalArgs, stages);
  }

  Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst();
  }

  /** Whitespace-separated words; quoted parts stay whole. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    for (char c : text.toCharArray()) {
      if (quote != 0) {
        word.append(c);
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        word.append(c);
      } else if (Character.isWhitespace(c)) {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }

  static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  /** ${VAR} and ${VAR:-default} from {@code variables}; unknown ones stay as they are. */
  static String substitute(String text, Map<String, String> variables) {
    Matcher variable = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (variable.find()) {
      String value = variables.get(variable.group(1));
      if (value == null) {
        value = variable.group(2) != null ? variable.group(2) : variable.group();
      }
      variable.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    variable.appendTail(out);
    return out.toString();
  }
}
