package dev.stride.console.api;

/** Every error answer: {@code {"error": "..."}}, and {@code field} when one field is at fault. */
public record ErrorBody(String error, String field) {}
