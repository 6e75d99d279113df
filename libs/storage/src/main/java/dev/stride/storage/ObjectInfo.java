package dev.stride.storage;

/** What the store says about an object without reading it. */
public record ObjectInfo(String key, long size) {}
