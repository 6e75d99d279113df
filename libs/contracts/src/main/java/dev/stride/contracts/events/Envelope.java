package dev.stride.contracts.events;

import java.time.OffsetDateTime;

/** A received event with its CloudEvents context attributes. */
public record Envelope(
    String id, String source, String type, OffsetDateTime time, String key, Event data) {}
