package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service does on Kafka, and what a KafkaUser allows, as the same kind of value: topics by
 * operation (Read, Write) and consumer groups ("name" literal, "name*" a prefix), so that the two
 * can be compared.
 */
record KafkaAcls(Map<String, Set<String>> topics, Set<String> groups) {

  private static final Pattern EVENT_TYPE =
      Pattern.compile("[A-Z_]+\\((\\w+)\\.class,\\s*Topics\\.(\\w+)\\)");
  private static final String EVENT_TYPES =
      "libs/contracts/src/main/java/dev/stride/contracts/events/EventType.java";
  private static final String UUID = "${quarkus.uuid}";

  /** The ACLs of a KafkaUser: Read/Write per topic (Describe, implied by both, left out). */
  static KafkaAcls of(JsonNode kafkaUser) {
    Map<String, Set<String>> topics = new TreeMap<>();
    Set<String> groups = new TreeSet<>();
    for (JsonNode acl : kafkaUser.at("/spec/authorization/acls")) {
      JsonNode resource = acl.path("resource");
      boolean prefix = "prefix".equals(resource.path("patternType").asText());
      String name = resource.path("name").asText() + (prefix ? "*" : "");
      for (JsonNode operation : acl.path("operations")) {
        String op = operation.asText();
        if ("topic".equals(resource.path("type").asText()) && !"Describe".equals(op)) {
          topics.computeIfAbsent(name, t -> new TreeSet<>()).add(op);
        } else if ("group".equals(resource.path("type").asText()) && "Read".equals(op)) {
          groups.add(name);
        }
      }
    }
    return new KafkaAcls(topics, groups);
  }

  /**
   * What a service reads and writes, from its application.properties (SmallRye channels: topics,
   * groups, dead-letter topics), the events its code constructs (EventType's topic of each), and
   * the trainer's own consumer of training.requests (group trainer.group, its dead letters).
   */
  static KafkaAcls used(String service, TopicNames names, ServiceConfig config) {
    Properties properties = new Properties();
    try {
      properties.load(
          new StringReader(
              Files.readString(Checkout.applicationProperties(Checkout.service(service)))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Set<String>> topics = new TreeMap<>();
    Set<String> groups = new TreeSet<>();
    for (String key : properties.stringPropertyNames()) {
      if (!key.startsWith("mp.messaging.incoming.")) {
        continue;
      }
      String value = properties.getProperty(key);
      if (key.endsWith(".topic") && !key.endsWith("dead-letter-queue.topic")
          || key.endsWith(".topics")) {
        for (String topic : value.split(",")) {
          add(topics, topic.trim(), "Read");
        }
      } else if (key.endsWith(".dead-letter-queue.topic")) {
        add(topics, value, "Write");
      } else if (key.endsWith(".group.id")) {
        groups.add(value.endsWith(UUID) ? value.replace(UUID, "") + "*" : value);
      }
    }
    Map<String, String> topicOfEvent = new LinkedHashMap<>();
    Matcher type = EVENT_TYPE.matcher(Checkout.read(EVENT_TYPES));
    while (type.find()) {
      topicOfEvent.put(type.group(1), names.topic(type.group(2)));
    }
    String code = mainSources(service);
    topicOfEvent.forEach(
        (event, topic) -> {
          if (code.contains("new " + event + "(")) {
            add(topics, topic, "Write");
          }
        });
    // run requests come from HTTP bodies (RunRequests.parse, Sweep.expand), never constructed
    if (code.contains("RunRequests.parse(") && code.contains(".publish(")) {
      add(topics, topicOfEvent.get("RunRequested"), "Write");
    }
    if (code.contains("subscribe(List.of(Topics.TRAINING_REQUESTS)")) {
      String requests = names.topic("TRAINING_REQUESTS");
      add(topics, requests, "Read");
      groups.add(config.value("trainer.group", Map.of()).orElseThrow());
      if (code.contains("Topics.deadLetter(record.topic())")) {
        add(topics, names.deadLetter(requests), "Write");
      }
    }
    return new KafkaAcls(topics, groups);
  }

  private static void add(Map<String, Set<String>> topics, String topic, String operation) {
    topics.computeIfAbsent(topic, t -> new TreeSet<>()).add(operation);
  }

  private static String mainSources(String service) {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(Checkout.service(service).resolve("src/main/java"))) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> all.append(Checkout.read(f)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all.toString();
  }
}
