package dev.stride.predictor.api;

import dev.stride.data.ImageFormatException;
import dev.stride.data.ImageTooLargeException;
import dev.stride.data.Images;
import dev.stride.predictor.PredictorConfig;
import dev.stride.predictor.model.ModelServer;
import dev.stride.predictor.model.ServedModel;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The simple prediction API: a picture in, the model's class probabilities out. */
@Path("/api/v1/predict")
public class PredictResource {

  @Inject PredictorConfig config;
  @Inject ModelServer server;

  /** One picture as the request body (PNG, JPEG, GIF or BMP; any size, resized to 32×32). */
  @POST
  @Consumes({
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/bmp",
    MediaType.APPLICATION_OCTET_STREAM
  })
  @Produces(MediaType.APPLICATION_JSON)
  public PredictResponse predict(byte[] body) throws ImageFormatException {
    if (body == null || body.length == 0) {
      throw new BadRequestException("the body is empty; send a PNG, JPEG, GIF or BMP picture");
    }
    ServedModel model =
        server.current().orElseThrow(() -> new NoModelException(config.modelName()));
    byte[] chw = Images.decodeToChw(body, config.maxImagePixels());
    float[] probabilities = model.classifier().probabilities(chw, 1)[0];
    return new PredictResponse(
        model.pointer().modelName(),
        model.pointer().runId(),
        List.of(prediction(probabilities, model.classNames())));
  }

  private Prediction prediction(float[] probabilities, List<String> classNames) {
    Map<String, Double> all = new LinkedHashMap<>();
    List<Prediction.ClassProbability> ranked = new ArrayList<>();
    for (int k = 0; k < probabilities.length; k++) {
      all.put(classNames.get(k), (double) probabilities[k]);
      ranked.add(new Prediction.ClassProbability(classNames.get(k), probabilities[k]));
    }
    ranked.sort(Comparator.comparingDouble(Prediction.ClassProbability::probability).reversed());
    List<Prediction.ClassProbability> top =
        ranked.subList(0, Math.min(config.topK(), ranked.size()));
    return new Prediction(top.get(0).label(), top.get(0).probability(), List.copyOf(top), all);
  }

  @ServerExceptionMapper
  public Response notAPicture(ImageFormatException e) {
    return ErrorBody.response(
        e instanceof ImageTooLargeException
            ? Response.Status.REQUEST_ENTITY_TOO_LARGE
            : Response.Status.UNSUPPORTED_MEDIA_TYPE,
        e.getMessage());
  }

  @ServerExceptionMapper
  public Response noModel(NoModelException e) {
    return ErrorBody.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }
}
