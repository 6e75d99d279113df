package dev.stride.console.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.contracts.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies read as events are: {@code "epochs": 1.7} or {@code "3"} is refused rather than
 * coerced, and nothing may follow the JSON value (see {@link Json#strict}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    Json.strict(mapper);
  }
}
