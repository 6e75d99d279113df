package dev.stride.predictor.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One output of an inference response, its data flat in row-major order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputTensor(String name, String datatype, List<Integer> shape, float[] data) {}
