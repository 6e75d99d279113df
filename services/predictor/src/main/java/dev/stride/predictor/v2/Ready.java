package dev.stride.predictor.v2;

/** A liveness or readiness answer, of the server or of one model. */
public record Ready(boolean live, boolean ready) {}
