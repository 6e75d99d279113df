package dev.stride.deploy;

/** A topic as a deployment declares it: Compose's kafka-init or a KafkaTopic. */
record TopicSpec(int partitions, long retentionMs) {}
