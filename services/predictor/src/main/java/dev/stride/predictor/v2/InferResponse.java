package dev.stride.predictor.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An inference response; {@code id} echoes the request's, when it had one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferResponse(
    @JsonProperty("model_name") String modelName,
    @JsonProperty("model_version") String modelVersion,
    String id,
    List<OutputTensor> outputs) {}
