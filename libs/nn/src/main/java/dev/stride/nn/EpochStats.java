package dev.stride.nn;

/** One epoch's numbers, as Keras' fit reports them; epochs count from 1. */
public record EpochStats(
    int epoch,
    int epochs,
    double loss,
    double accuracy,
    double valLoss,
    double valAccuracy,
    double seconds,
    double imagesPerSecond) {}
