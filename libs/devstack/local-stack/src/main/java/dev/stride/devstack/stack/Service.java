package dev.stride.devstack.stack;

/** The five services, with the ports they use by default (ARCHITECTURE.md). */
public enum Service {
  INGESTION("ingestion", 8081),
  TRAINER("trainer", 8082),
  EVALUATOR("evaluator", 8083),
  PREDICTOR("predictor", 8080),
  CONSOLE("console", 8090);

  private final String id;
  private final int defaultPort;

  Service(String id, int defaultPort) {
    this.id = id;
    this.defaultPort = defaultPort;
  }

  public String id() {
    return id;
  }

  public int defaultPort() {
    return defaultPort;
  }
}
