package dev.stride.predictor.api;

import dev.stride.contracts.api.PredictResponse;
import dev.stride.contracts.api.Prediction;
import dev.stride.data.image.ImageFormatException;
import dev.stride.data.image.ImageTooLargeException;
import dev.stride.data.image.Images;
import dev.stride.predictor.PredictorConfig;
import dev.stride.predictor.inference.InferenceService;
import dev.stride.predictor.inference.InferenceService.Answer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The simple prediction API: pictures in, the model's class probabilities out. */
@Path("/api/v1/predict")
@Tag(name = "Simple API")
public class PredictResource {

  @Inject PredictorConfig config;
  @Inject InferenceService inference;

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
  @Operation(summary = "Classify one picture sent as the body")
  @Blocking // decoding a picture is CPU work; waiting for its batch holds no thread
  public Uni<PredictResponse> predict(byte[] body, @RestQuery String top)
      throws ImageFormatException {
    if (body == null || body.length == 0) {
      throw new BadRequestException("the body is empty; send a PNG, JPEG, GIF or BMP picture");
    }
    int k = topK(top);
    byte[] chw = Images.decodeToChw(body, Math.min(perPicture(), config.maxPixelsPerRequest()));
    return inference
        .classify(List.of(chw))
        .map(answers -> respond(Collections.singletonList(null), answers, k));
  }

  /** Several pictures as multipart form parts, any part names; answered in the order sent. */
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Classify one or more pictures sent as multipart parts")
  @Blocking
  public Uni<PredictResponse> predictMany(
      @RestForm(FileUpload.ALL) List<FileUpload> parts, @RestQuery String top)
      throws ImageFormatException {
    if (parts == null || parts.isEmpty()) {
      throw new BadRequestException("no pictures: send each as a multipart file part");
    }
    RequestTooLargeException.check(parts.size(), config.maxImagesPerRequest());
    int k = topK(top);
    List<String> names = new ArrayList<>();
    List<byte[]> encoded = new ArrayList<>();
    long pixels = 0;
    // weigh every picture from its header first: a request over the cap costs no decoding at all
    for (FileUpload part : parts) {
      String name = part.fileName() == null ? part.name() : part.fileName();
      byte[] bytes = read(part);
      long declared = ofPart(name, () -> Images.declaredPixels(bytes, perPicture()));
      pixels = Math.addExact(pixels, declared);
      names.add(name);
      encoded.add(bytes);
    }
    RequestTooLargeException.checkPixels(pixels, config.maxPixelsPerRequest());
    List<byte[]> pictures = new ArrayList<>();
    for (int i = 0; i < encoded.size(); i++) {
      byte[] bytes = encoded.get(i);
      pictures.add(ofPart(names.get(i), () -> Images.decodeToChw(bytes, perPicture())));
    }
    return inference.classify(pictures).map(answers -> respond(names, answers, k));
  }

  /** ?top=, read here rather than by the framework, which answers 404 for "abc". */
  private int topK(String top) {
    if (top == null) {
      return config.topK();
    }
    int k;
    try {
      k = Integer.parseInt(top.strip());
    } catch (NumberFormatException e) {
      throw new BadRequestException("top must be a whole number, got '" + top + "'");
    }
    if (k < 1) {
      throw new BadRequestException("top must be at least 1, got " + k);
    }
    return k;
  }

  private long perPicture() {
    return config.maxPixelsPerPicture();
  }

  /** Reads one part's picture; a refusal names the part. */
  private interface PartReader<T> {
    T read() throws ImageFormatException;
  }

  private static <T> T ofPart(String name, PartReader<T> reader) throws ImageFormatException {
    try {
      return reader.read();
    } catch (ImageTooLargeException e) {
      throw new ImageTooLargeException("part '" + name + "': " + e.getMessage());
    } catch (ImageFormatException e) {
      throw new ImageFormatException("part '" + name + "': " + e.getMessage());
    }
  }

  private static byte[] read(FileUpload part) {
    try {
      return Files.readAllBytes(part.uploadedFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PredictResponse respond(List<String> names, List<Answer> answers, int k) {
    List<Prediction> predictions = new ArrayList<>(answers.size());
    for (int i = 0; i < answers.size(); i++) {
      predictions.add(prediction(names.get(i), answers.get(i), k));
    }
    Answer first = answers.get(0);
    return new PredictResponse(
        first.model().pointer().modelName(), first.model().pointer().runId(), predictions);
  }

  private static Prediction prediction(String name, Answer answer, int k) {
    List<String> classNames = answer.model().classNames();
    float[] probabilities = answer.probabilities();
    Map<String, Double> all = new LinkedHashMap<>();
    List<Prediction.ClassProbability> ranked = new ArrayList<>();
    for (int c = 0; c < probabilities.length; c++) {
      all.put(classNames.get(c), (double) probabilities[c]);
      ranked.add(new Prediction.ClassProbability(classNames.get(c), probabilities[c]));
    }
    ranked.sort(Comparator.comparingDouble(Prediction.ClassProbability::probability).reversed());
    List<Prediction.ClassProbability> top = ranked.subList(0, Math.min(k, ranked.size()));
    return new Prediction(
        name,
        answer.model().pointer().runId(),
        top.get(0).label(),
        top.get(0).probability(),
        List.copyOf(top),
        all);
  }

  @ServerExceptionMapper
  public Response notAPicture(ImageFormatException e) {
    return ErrorMapper.response(
        e instanceof ImageTooLargeException
            ? Response.Status.REQUEST_ENTITY_TOO_LARGE
            : Response.Status.UNSUPPORTED_MEDIA_TYPE,
        e.getMessage());
  }
}
