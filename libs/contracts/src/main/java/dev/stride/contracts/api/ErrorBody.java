package dev.stride.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every service's error answer: {@code {"error": "..."}}, and {@code field} when one field of the
 * request is at fault (absent from the JSON otherwise).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String field) {

  public ErrorBody(String error) {
    this(error, null);
  }
}
