package dev.stride.ingestion.api;

/** Every error answer: {@code {"error": "..."}}. */
public record ErrorBody(String error) {}
