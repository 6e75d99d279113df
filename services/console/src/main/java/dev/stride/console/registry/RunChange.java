package dev.stride.console.registry;

/**
 * A run's state after one event changed it; {@code kind} names the event: requested, started,
 * progress, epoch, completed, failed, cancelled, evaluated.
 */
public record RunChange(String kind, RunView run) {}
