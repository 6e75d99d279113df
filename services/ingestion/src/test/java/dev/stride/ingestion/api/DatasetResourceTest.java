package dev.stride.ingestion.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.archive.TestArchive;
import dev.stride.data.cifar.CifarArchive;
import dev.stride.data.cifar.CifarBinary;
import dev.stride.data.image.Images;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.ingestion.CifarMirrorResource;
import dev.stride.storage.ObjectInfo;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way of bringing a dataset over REST, every format, the splits, previews and repeats. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
@QuarkusTestResource(CifarMirrorResource.class)
class DatasetResourceTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  EventTap tap;
  @TempDir Path dir;

  @BeforeEach
  void openTap() {
    tap = EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.DATASET_EVENTS));
  }

  @AfterEach
  void closeTap() {
    tap.close();
  }

  @Test
  void ingestsASyntheticSpecIntoShardsAManifestAndAPreview() throws Exception {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"source\":{\"synthetic\":{\"train\":300,\"validation\":100,\"test\":50,\"seed\":3}}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(202)
        .header("Location", "/api/v1/datasets/synthetic-300-100-50-s3")
        .body("datasetId", equalTo("synthetic-300-100-50-s3"))
        .body("status", equalTo("requested"));

    DatasetIngested ingested = await("synthetic-300-100-50-s3");

    assertThat(List.of(ingested.train(), ingested.validation(), ingested.test()))
        .containsExactly(300, 100, 50);
    assertThat(ingested.classNames()).isEqualTo(SyntheticCifar.CLASS_NAMES);
    DatasetManifest manifest = store.getJson(ingested.manifestKey(), DatasetManifest.class);
    assertThat(manifest.format()).isEqualTo("synthetic");
    // what the notebook prints: train_images.shape = (300, 32, 32, 3), data-type = uint8
    assertThat(manifest.split("train").imagesShape()).containsExactly(300, 32, 32, 3);
    assertThat(manifest.split("train").labelsShape()).containsExactly(300);
    assertThat(manifest.dtype()).isEqualTo("uint8");
    assertThat(
            manifest.split("validation").classCounts().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(100);
    assertThat(manifest.mean()).hasSize(3);
    // the shards hold exactly the generated images: the last 100 of 400 seeded ones are validation
    ImageSet all = SyntheticCifar.generate(400, 3);
    assertThat(store.get(ObjectKeys.datasetShard("synthetic-300-100-50-s3", "validation", 0)))
        .isEqualTo(CifarBinary.toBytes(all.slice(300, 400)));
    // the preview: 5×5 images drawn 4 times larger with captions
    BufferedImage preview =
        ImageIO.read(
            new ByteArrayInputStream(
                store.get(ObjectKeys.datasetPreview("synthetic-300-100-50-s3"))));
    assertThat(preview.getWidth()).isEqualTo(5 * 128 + 6 * 4);
    assertThat(preview.getHeight()).isEqualTo(5 * (128 + 16) + 6 * 4);

    given()
        .get("/api/v1/datasets/synthetic-300-100-50-s3")
        .then()
        .statusCode(200)
        .body("status", equalTo("ingested"))
        .body("manifest.splits.test.images", equalTo(50));
  }

  @Test
  void rendersAFreshSampleGridPerSeed() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"datasetId\":\"grid\",\"source\":{\"synthetic\":{\"train\":60,\"validation\":10,\"test\":10}}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(202);
    await("grid");

    byte[] one =
        given()
            .get("/api/v1/datasets/grid/samples?seed=1")
            .then()
            .statusCode(200)
            .contentType("image/png")
            .extract()
            .asByteArray();
    byte[] again =
        given()
            .get("/api/v1/datasets/grid/samples?seed=1")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    byte[] two =
        given()
            .get("/api/v1/datasets/grid/samples?seed=2")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();

    assertThat(again).isEqualTo(one);
    assertThat(two).isNotEqualTo(one);
    given().get("/api/v1/datasets/nothing-here/samples").then().statusCode(404);
    // a seed that is no number is the caller's 400, naming it, not the framework's 404
    given()
        .get("/api/v1/datasets/grid/samples?seed=abc")
        .then()
        .statusCode(400)
        .body("error", equalTo("seed must be a whole number, got 'abc'"));
  }

  @Test
  void refusesAnUploadWhoseSplitNumbersAreNoNumbers() {
    given()
        .contentType("application/gzip")
        .body(new byte[] {1, 2, 3})
        .post("/api/v1/datasets?seed=abc")
        .then()
        .statusCode(400)
        .body("error", equalTo("seed must be a whole number, got 'abc'"));
    given()
        .contentType("application/gzip")
        .body(new byte[] {1, 2, 3})
        .post("/api/v1/datasets?validationFraction=half")
        .then()
        .statusCode(400)
        .body("error", equalTo("validationFraction must be a number, got 'half'"));
  }

  @Test
  void ingestsAnUploadedCifar10ArchiveWithItsOwnClassNames() throws Exception {
    byte[] archive = cifar10(SyntheticCifar.generate(100, 1), SyntheticCifar.generate(20, 2));

    String id =
        given()
            .contentType("application/gzip")
            .body(archive)
            .post("/api/v1/datasets")
            .then()
            .statusCode(202)
            .extract()
            .path("datasetId");

    DatasetIngested ingested = await(id);
    assertThat(id).isEqualTo("upload-" + sha256(archive).substring(0, 12));
    assertThat(ingested.classNames()).isEqualTo(NAMES);
    // a fifth of a small training set is held out, from its end, as the notebook does
    assertThat(List.of(ingested.train(), ingested.validation(), ingested.test()))
        .containsExactly(80, 20, 20);
    assertThat(ingested.checksum()).isEqualTo("sha256:" + sha256(archive));
  }

  @Test
  void takesAMultipartUploadWithASeededValidationFraction() throws Exception {
    byte[] archive = cifar10(SyntheticCifar.generate(100, 5), SyntheticCifar.generate(20, 6));

    given()
        .multiPart("file", "cifar.tar.gz", archive, "application/gzip")
        .multiPart("datasetId", "form-upload")
        .multiPart("validationFraction", "0.3")
        .multiPart("seed", "7")
        .post("/api/v1/datasets")
        .then()
        .statusCode(202)
        .body("datasetId", equalTo("form-upload"));

    DatasetIngested ingested = await("form-upload");
    assertThat(List.of(ingested.train(), ingested.validation(), ingested.test()))
        .containsExactly(70, 30, 20);
    DatasetManifest manifest = store.getJson(ingested.manifestKey(), DatasetManifest.class);
    assertThat(manifest.split().validationFraction()).isEqualTo(0.3);
    assertThat(manifest.split().seed()).isEqualTo(7L);
  }

  @Test
  void readsCifar100KeepingTheCoarseLabels() throws Exception {
    List<String> fine =
        java.util.stream.IntStream.range(0, 100).mapToObj(i -> "fine-" + i).toList();
    List<String> coarse =
        java.util.stream.IntStream.range(0, 20).mapToObj(i -> "coarse-" + i).toList();
    Path archive =
        new TestArchive()
            .file("cifar-100-binary/train.bin", cifar100Records(50, 1))
            .file("cifar-100-binary/test.bin", cifar100Records(10, 2))
            .file("cifar-100-binary/fine_label_names.txt", String.join("\n", fine) + "\n")
            .file("cifar-100-binary/coarse_label_names.txt", String.join("\n", coarse) + "\n")
            .tarGz(dir);

    given()
        .contentType("application/gzip")
        .queryParam("datasetId", "c100")
        .body(Files.readAllBytes(archive))
        .post("/api/v1/datasets")
        .then()
        .statusCode(202);

    DatasetIngested ingested = await("c100");
    DatasetManifest manifest = store.getJson(ingested.manifestKey(), DatasetManifest.class);
    assertThat(manifest.format()).isEqualTo("cifar100-binary");
    assertThat(manifest.classNames()).isEqualTo(fine);
    assertThat(manifest.coarseClassNames()).isEqualTo(coarse);
    // coarse label of record i is i % 20: the last 10 training records are validation (40..49)
    byte[] validationCoarse = store.get(manifest.split("validation").coarseLabels());
    assertThat(validationCoarse).hasSize(10);
    assertThat(Byte.toUnsignedInt(validationCoarse[0])).isEqualTo(40 % 20);
  }

  @Test
  void readsAnImageFolderZipResizingEveryPicture() throws Exception {
    TestArchive folder = new TestArchive();
    for (String cls : List.of("cats", "dogs")) {
      for (String split : List.of("train", "test")) {
        for (int i = 0; i < (split.equals("train") ? 10 : 3); i++) {
          folder.file(
              "pets/" + split + "/" + cls + "/" + i + ".png",
              picture(cls.equals("cats") ? 0xE04020 : 0x2040E0, 48 + i));
        }
      }
    }
    Path zip = folder.zip(dir);

    given()
        .contentType("application/zip")
        .queryParam("datasetId", "pets")
        .body(Files.readAllBytes(zip))
        .post("/api/v1/datasets")
        .then()
        .statusCode(202);

    DatasetIngested ingested = await("pets");
    assertThat(ingested.classNames()).containsExactly("cats", "dogs");
    assertThat(List.of(ingested.train(), ingested.validation(), ingested.test()))
        .containsExactly(16, 4, 6);
    DatasetManifest manifest = store.getJson(ingested.manifestKey(), DatasetManifest.class);
    assertThat(manifest.format()).isEqualTo("image-folder");
  }

  @Test
  void theSameArchiveTwiceIsOneDatasetAndUnderAnotherNameSharesItsShards() throws Exception {
    byte[] archive = cifar10(SyntheticCifar.generate(40, 8), SyntheticCifar.generate(10, 9));
    String id =
        given()
            .contentType("application/gzip")
            .body(archive)
            .post("/api/v1/datasets")
            .then()
            .statusCode(202)
            .extract()
            .path("datasetId");
    DatasetIngested first = await(id);
    List<ObjectInfo> objects = store.list(ObjectKeys.datasetPrefix(id));

    String again =
        given()
            .contentType("application/gzip")
            .body(archive)
            .post("/api/v1/datasets")
            .then()
            .statusCode(202)
            .extract()
            .path("datasetId");
    given()
        .contentType("application/gzip")
        .queryParam("datasetId", "same-bytes")
        .body(archive)
        .post("/api/v1/datasets")
        .then()
        .statusCode(202);

    assertThat(again).isEqualTo(id);
    DatasetIngested alias = await("same-bytes");
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(() -> tap.events(DatasetIngested.class, id).size() == 2);
    assertThat(tap.events(DatasetIngested.class, id).get(1)).isEqualTo(first);
    assertThat(store.list(ObjectKeys.datasetPrefix(id))).isEqualTo(objects);
    // the alias is a manifest naming the first dataset's shards: no shard of its own
    assertThat(store.list(ObjectKeys.datasetPrefix("same-bytes")))
        .extracting(ObjectInfo::key)
        .containsExactly("datasets/same-bytes/manifest.json");
    DatasetManifest manifest = store.getJson(alias.manifestKey(), DatasetManifest.class);
    assertThat(manifest.aliasOf()).isEqualTo(id);
    assertThat(manifest.split("train").shards())
        .allSatisfy(key -> assertThat(key).startsWith("datasets/" + id + "/"));
  }

  @Test
  void readsAFileFromTheImportFolderOnly() throws Exception {
    Path imports = Files.createDirectories(Path.of("target/imports"));
    Files.write(
        imports.resolve("local.tar.gz"),
        cifar10(SyntheticCifar.generate(30, 10), SyntheticCifar.generate(10, 11)));
    Path outside = Files.write(dir.resolve("secret.tar.gz"), new byte[] {1});

    given()
        .contentType(ContentType.JSON)
        .body("{\"datasetId\":\"local\",\"source\":{\"path\":\"local.tar.gz\"}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(202);
    given()
        .contentType(ContentType.JSON)
        .body("{\"source\":{\"path\":\"../" + outside.getFileName() + "\"}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(422)
        .body(
            "error",
            equalTo(
                "source.path '../"
                    + outside.getFileName()
                    + "' is not a file in the import folder"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"source\":{\"path\":\"" + outside.toAbsolutePath() + "\"}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(422);

    assertThat(await("local").train()).isEqualTo(24);
  }

  @Test
  void refusesAnAmbiguousSourceNamingTheProblem() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"source\":{\"url\":\"https://example.org/a.tar.gz\",\"synthetic\":{}}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(400)
        .body(
            "error",
            equalTo("source needs exactly one of url, path, objectKey or synthetic, got 2"));
  }

  @Test
  void refusesANegativeImageCountAndABadFraction() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"source\":{\"synthetic\":{\"train\":-5}}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(400)
        .body("error", equalTo("source.synthetic.train must be positive, was -5"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"source\":{\"synthetic\":{}},\"split\":{\"validationFraction\":1.5}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(400)
        .body(
            "error",
            equalTo("split.validationFraction must be between 0 and 1 (exclusive), was 1.5"));
  }

  @Test
  void answers404ForAnUnknownDataset() {
    given()
        .get("/api/v1/datasets/never-heard-of")
        .then()
        .statusCode(404)
        .body("error", equalTo("no dataset never-heard-of"));
  }

  private DatasetIngested await(String id) {
    return tap.await(DatasetIngested.class, e -> e.datasetId().equals(id), WAIT);
  }

  static byte[] cifar10(ImageSet train, ImageSet test) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CifarArchive.write(out, train, 2, test, NAMES);
    return out.toByteArray();
  }

  /** CIFAR-100 records: coarse label i % 20, fine label i % 100, then the pixels. */
  private static byte[] cifar100Records(int n, long seed) {
    ImageSet images = SyntheticCifar.generate(n, seed);
    byte[] out = new byte[n * 3074];
    for (int i = 0; i < n; i++) {
      out[i * 3074] = (byte) (i % 20);
      out[i * 3074 + 1] = (byte) (i % 100);
      System.arraycopy(images.pixels(), i * 3072, out, i * 3074 + 2, 3072);
    }
    return out;
  }

  private static byte[] picture(int rgb, int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return Images.png(image);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
