package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.EventType;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a service does on Kafka, and what a KafkaUser allows, as the same kind of value: topics by
 * operation (Read, Write) and consumer groups ("name" literal, "name*" a prefix), so that the two
 * can be compared.
 */
record KafkaAcls(Map<String, Set<String>> topics, Set<String> groups) {

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
   * groups, dead-letter topics), the events its compiled classes construct (the topic of each
   * record's EventType), and the trainer's own consumer of training.requests (group trainer.group,
   * its dead letters).
   */
  static KafkaAcls used(String service, ServiceConfig config) {
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
    // what the service's compiled classes do (ArchUnit reads the bytecode, not the sources)
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.stride." + service);
    for (EventType type : EventType.values()) {
      if (constructs(classes, type.recordClass())) {
        add(topics, type.topic(), "Write");
      }
    }
    // run requests come from HTTP bodies (RunRequests.parse, Sweep.expand), never constructed
    if (calls(classes, "dev.stride.console.control.RunRequests", "parse")) {
      add(topics, Topics.TRAINING_REQUESTS, "Write");
    }
    // the trainer's own consumer: training.requests is the one topic it subscribes to
    if (calls(classes, "org.apache.kafka.clients.consumer.KafkaConsumer", "subscribe")) {
      add(topics, Topics.TRAINING_REQUESTS, "Read");
      groups.add(config.value("trainer.group", Map.of()).orElseThrow());
      // dead letters go through libs/messaging's publisher (a service's publisher extends it)
      if (calls(classes, Topics.class.getName(), "deadLetter")
          || classes.stream()
              .flatMap(c -> c.getMethodCallsFromSelf().stream())
              .anyMatch(
                  call ->
                      call.getTarget().getName().equals("deadLetter")
                          && call.getTargetOwner().getName().endsWith("EventPublisher"))) {
        add(topics, Topics.deadLetter(Topics.TRAINING_REQUESTS), "Write");
      }
    }
    return new KafkaAcls(topics, groups);
  }

  private static void add(Map<String, Set<String>> topics, String topic, String operation) {
    topics.computeIfAbsent(topic, t -> new TreeSet<>()).add(operation);
  }

  private static boolean constructs(JavaClasses classes, Class<?> type) {
    return classes.stream()
        .flatMap(c -> c.getConstructorCallsFromSelf().stream())
        .anyMatch(call -> call.getTargetOwner().isEquivalentTo(type));
  }

  private static boolean calls(JavaClasses classes, String owner, String method) {
    return classes.stream()
        .flatMap(c -> c.getMethodCallsFromSelf().stream())
        .anyMatch(
            call ->
                call.getTargetOwner().getName().equals(owner)
                    && call.getTarget().getName().equals(method));
  }
}
