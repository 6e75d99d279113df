package dev.stride.predictor.v2;

import java.util.List;

/** What {@code GET /v2} answers: the server's name, protocol version and extensions. */
public record ServerMetadata(String name, String version, List<String> extensions) {}
