package dev.stride.nn.metrics;

/**
 * One class's scores; null where the ratio has no denominator (precision of a class never
 * predicted, recall of a class without examples), rather than a made-up 0.
 */
public record ClassMetrics(
    String name, int support, int predicted, Double precision, Double recall, Double f1) {}
