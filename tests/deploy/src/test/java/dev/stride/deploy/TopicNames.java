package dev.stride.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topic names of libs/contracts' Topics.java, parsed from its source: the String constants, the
 * list {@code ALL}, and the suffix {@code deadLetter(topic)} appends.
 */
record TopicNames(Map<String, String> constants, List<String> all, String deadLetterSuffix) {

  static final String SOURCE = "libs/contracts/src/main/java/dev/stride/contracts/Topics.java";

  private static final Pattern CONSTANT =
      Pattern.compile("static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([^\"]+)\"\\s*;");
  private static final Pattern ALL =
      Pattern.compile("List<String>\\s+ALL\\s*=\\s*List\\.of\\(([^;]*)\\)\\s*;");
  private static final Pattern DEAD_LETTER =
      Pattern.compile(
          "deadLetter\\(String\\s+(\\w+)\\)\\s*\\{\\s*return\\s+\\1\\s*\\+\\s*\"([^\"]+)\"");

  static TopicNames read() {
    return parse(Checkout.read(SOURCE));
  }

  static TopicNames parse(String source) {
    Map<String, String> constants = new LinkedHashMap<>();
    Matcher constant = CONSTANT.matcher(source);
    while (constant.find()) {
      constants.put(constant.group(1), constant.group(2));
    }
    Matcher all = ALL.matcher(source);
    Matcher deadLetter = DEAD_LETTER.matcher(source);
    if (!all.find() || !deadLetter.find()) {
      throw new IllegalStateException("Topics.java no longer has ALL and deadLetter(topic)");
    }
    List<String> topics = new ArrayList<>();
    for (String name : all.group(1).split(",")) {
      String topic = constants.get(name.strip());
      if (topic == null) {
        throw new IllegalStateException("ALL names an unknown constant " + name.strip());
      }
      topics.add(topic);
    }
    return new TopicNames(constants, topics, deadLetter.group(2));
  }

  String topic(String constant) {
    String topic = constants.get(constant);
    if (topic == null) {
      throw new IllegalArgumentException("Topics has no " + constant);
    }
    return topic;
  }

  String deadLetter(String topic) {
    return topic + deadLetterSuffix;
  }

  /** Every topic and its dead-letter topic. */
  List<String> withDeadLetters() {
    List<String> topics = new ArrayList<>(all);
    all.forEach(topic -> topics.add(deadLetter(topic)));
    return topics;
  }
}
