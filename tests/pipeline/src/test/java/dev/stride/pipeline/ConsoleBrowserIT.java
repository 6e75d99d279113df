package dev.stride.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.image.Images;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.Service;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium, against the whole stack as separate processes: submit a
 * run and watch its curves grow without a reload, compare two runs, use the conv-layer explorer,
 * ask the served model about a picture. Each page's screenshot is saved in target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofMinutes(5);
  private static final int EPOCHS = 5;
  private static final String KEY = "browser-key";

  private static LocalStack stack;
  private static EventTap tap;
  private static Browser browser;
  private static String console;
  private static String submittedRun;
  private static String secondRun;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "browser-");
    stack =
        LocalStack.start(
            dir,
            true,
            Map.of(),
            Map.of(
                "TRAINER_PROGRESS_INTERVAL",
                "PT0.5S",
                // the console as it is deployed: actions need a key
                "CONSOLE_AUTH_ENABLED",
                "true",
                "CONSOLE_AUTH_API_KEYS",
                KEY + ":control+predict"),
            new PrintStream(OutputStream.nullOutputStream()));
    tap =
        EventTap.open(
            stack.kafkaBootstrapServers(),
            List.of(Topics.DATASET_EVENTS, Topics.TRAINING_EVENTS, Topics.EVALUATION_EVENTS));
    console = stack.url(Service.CONSOLE);
    HttpResponse<String> accepted =
        post(
            stack.url(Service.INGESTION) + "/api/v1/datasets",
            "{\"datasetId\":\"browser\",\"source\":{\"synthetic\":"
                + "{\"train\":2000,\"validation\":300,\"test\":300,\"seed\":5}}}");
    assertThat(accepted.statusCode()).isEqualTo(202);
    tap.await(DatasetIngested.class, e -> e.datasetId().equals("browser"), WAIT);
    browser = Browser.open();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (tap != null) {
      tap.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  /**
   * With keys on, a page says what an action needs before anyone tries, a refused action says why
   * on the page, an unknown key is refused at sign-in, and a person signed in with a key acts.
   */
  @Test
  @Order(0)
  void withKeysOnThePagesSaySoAndAPersonSignedInWithAKeyActs() {
    browser.driver.get(console + "/submit.html");
    String banner =
        browser.await(WAIT, d -> text("auth-banner").isEmpty() ? null : text("auth-banner"));
    assertThat(banner)
        .isEqualTo(
            "Actions (submit, cancel, promote, ingest, predict) need an API key: sign in above.");
    fill("datasetId", "browser");
    browser.driver.findElement(By.id("submit-button")).click();
    String refused =
        browser.await(WAIT, d -> text("submit-result").isEmpty() ? null : text("submit-result"));
    assertThat(refused)
        .isEqualTo("This needs an API key: sign in with yours at the top of the page.");
    browser.screenshot("submit-without-key");

    fill("api-key", "not-a-key");
    browser.driver.findElement(By.id("signin-button")).click();
    String unknown =
        browser.await(WAIT, d -> text("signin-error").isEmpty() ? null : text("signin-error"));
    assertThat(unknown).isEqualTo("the API key is not recognised");

    signIn();
    assertThat(browser.driver.findElement(By.id("auth-banner")).isDisplayed()).isFalse();
    browser.screenshot("signed-in");
  }

  @Test
  @Order(1)
  void submitARunAndWatchItsCurvesGrowWithoutAReload() {
    browser.driver.get(console + "/submit.html");
    // the preset's layer spec is summarised before anything is submitted...
    browser.await(WAIT, d -> text("param-count").equals("2,023,370") ? true : null);
    assertThat(text("spec-summary")).contains("Total params: 2,023,370");
    // ...and an edit is checked as it is typed
    js(
        "const e = document.getElementById('layer-spec');"
            + " e.value = '{\"layers\": [{\"type\": \"frobnicate\"}]}';"
            + " e.dispatchEvent(new Event('input', {bubbles: true}));");
    String error =
        browser.await(WAIT, d -> text("spec-error").isEmpty() ? null : text("spec-error"));
    assertThat(error).contains("frobnicate");
    browser.screenshot("submit-invalid-spec");
    js(
        "const a = document.getElementById('architecture');"
            + " a.dispatchEvent(new Event('change', {bubbles: true}));");
    browser.await(
        WAIT, d -> text("spec-error").isEmpty() && text("param-count").equals("2,023,370"));
    fill("datasetId", "browser");
    fill("epochs", String.valueOf(EPOCHS));
    fill("batchSize", "50");
    browser.screenshot("submit");
    browser.driver.findElement(By.id("submit-button")).click();
    WebElement link = browser.await(WAIT, d -> d.findElement(By.id("submitted-run")));
    submittedRun = link.getText();
    link.click();

    browser.await(WAIT, d -> d.getCurrentUrl().contains("run.html"));
    js("window.strideMarker = 'same page';");
    // the first epochs appear while the run is still going...
    int first = browser.await(WAIT, d -> accuracyPoints() > 0 ? accuracyPoints() : null);
    assertThat(first).isLessThan(2 * EPOCHS);
    browser.screenshot("run-live");
    // ...and the rest arrive on the same page, pushed by the server
    browser.await(WAIT, d -> accuracyPoints() == 2 * EPOCHS);
    assertThat(js("return window.strideMarker;")).isEqualTo("same page");
    assertThat(browser.driver.findElement(By.id("epochs-table")).getText())
        .contains(String.valueOf(EPOCHS));
    tap.await(RunCompleted.class, e -> e.runId().equals(submittedRun), WAIT);
    // the model's Keras summary, and its pictures, once it has completed
    browser.await(WAIT, d -> text("run-summary").contains("Total params: 2,023,370") ? true : null);
    browser.await(
        WAIT,
        d ->
            d.findElements(By.cssSelector("#pictures img[alt='diagram']")).size() == 1
                ? true
                : null);
    browser.screenshot("run");

    // an evaluated run can be promoted from its page
    tap.await(EvaluationCompleted.class, e -> e.runId().equals(submittedRun), WAIT);
    WebElement promote =
        browser.await(
            WAIT,
            d -> {
              WebElement button = d.findElement(By.id("promote-button"));
              return button.isDisplayed() ? button : null;
            });
    promote.click();
    String promoted =
        browser.await(WAIT, d -> text("run-error").isEmpty() ? null : text("run-error"));
    assertThat(promoted).isEqualTo("Promoted: cifar10 now serves run " + submittedRun + ".");
  }

  @Test
  @Order(2)
  void compareTwoRuns() throws Exception {
    HttpResponse<String> second =
        post(
            console + "/api/v1/runs",
            "{\"datasetId\":\"browser\",\"hyperparameters\":{\"epochs\":3,\"batchSize\":50,"
                + "\"learningRate\":0.003}}");
    assertThat(second.statusCode()).isEqualTo(202);
    String other = JSON.readTree(second.body()).get("runId").asText();
    secondRun = other;
    tap.await(RunCompleted.class, e -> e.runId().equals(other), WAIT);

    browser.driver.get(console + "/compare.html?ids=" + submittedRun + "," + other);
    browser.await(
        WAIT,
        d -> d.findElements(By.cssSelector("#curve-accuracy polyline")).size() >= 4 ? true : null);
    String table =
        browser.await(
            WAIT,
            d -> {
              String text = d.findElement(By.id("compare-table")).getText();
              return text.contains(submittedRun) && text.contains(other) ? text : null;
            });
    assertThat(table).contains(submittedRun).contains(other);
    browser.screenshot("compare");
  }

  @Test
  @Order(3)
  void aRestartedConsoleKnowsEveryRunAgain() throws Exception {
    // once both runs are evaluated nothing more happens to them
    tap.await(EvaluationCompleted.class, e -> e.runId().equals(submittedRun), WAIT);
    tap.await(EvaluationCompleted.class, e -> e.runId().equals(secondRun), WAIT);
    String before =
        browser.await(
            WAIT,
            d -> {
              try {
                String runs = get(console + "/api/v1/runs");
                JsonNode list = JSON.readTree(runs);
                boolean evaluated = list.size() == 2;
                for (JsonNode run : list) {
                  evaluated &= run.hasNonNull("testAccuracy");
                }
                return evaluated ? runs : null;
              } catch (Exception e) {
                return null;
              }
            });
    stack.replicas(Service.CONSOLE).get(0).stop(Duration.ofSeconds(30));

    var restarted = stack.startReplica(Service.CONSOLE);
    console = stack.url(restarted);
    // rebuilt from the event topics alone
    browser.await(
        WAIT,
        d -> {
          try {
            return JSON.readTree(get(console + "/api/v1/runs")).equals(JSON.readTree(before))
                ? true
                : null;
          } catch (Exception e) {
            return null;
          }
        });
    browser.driver.get(console + "/index.html");
    browser.await(WAIT, d -> d.findElement(By.id("runs-table")).getText().contains(submittedRun));
    browser.screenshot("runs");
  }

  @Test
  @Order(4)
  void theConvLayerExplorerShowsTheOutputShapeAndItsFormula() {
    browser.driver.get(console + "/explorer.html");
    slide("filters", 32);
    slide("kernel", 3);
    slide("stride", 1);
    assertThat(text("conv-output-shape")).isEqualTo("(None, 8, 8, 32)");
    assertThat(text("conv-formula")).isEqualTo("valid: floor((10 - 3) / 1) + 1 = 8");

    slide("stride", 3);
    assertThat(text("conv-output-shape")).isEqualTo("(None, 3, 3, 32)");
    browser.driver.findElement(By.id("padding-same")).click();
    assertThat(text("conv-output-shape")).isEqualTo("(None, 4, 4, 32)");
    assertThat(text("conv-formula")).isEqualTo("same: ceil(10 / 3) = 4");
    browser.screenshot("explorer");
  }

  @Test
  @Order(5)
  void predictAPicture() throws Exception {
    tap.await(ModelPromoted.class, e -> true, WAIT);
    Path picture = Files.createTempFile(Path.of("target").toAbsolutePath(), "picture-", ".png");
    Files.write(picture, Images.toPng(SyntheticCifar.generate(4, 99).image(1), 4));

    browser.driver.get(console + "/predict.html");
    signIn(); // the restarted console has another address: the key is per tab and address
    browser.driver.findElement(By.id("predict-file")).sendKeys(picture.toString());
    browser.driver.findElement(By.id("predict-button")).click();
    String answer =
        browser.await(
            WAIT,
            d -> {
              String text = d.findElement(By.id("predict-result")).getText();
              return text.contains("%") ? text : null;
            });
    assertThat(SyntheticCifar.CLASS_NAMES.stream().anyMatch(answer::contains)).isTrue();
    browser.screenshot("predict");
  }

  @Test
  @Order(6)
  void datasetsShowTheirSampleGridAndClassHistogram() {
    browser.driver.get(console + "/datasets.html");
    browser.await(
        WAIT,
        d ->
            d.findElements(By.cssSelector(".histogram .histogram-bar")).size() == 10 ? true : null);
    assertThat(browser.driver.findElement(By.id("datasets-table")).getText()).contains("browser");
    // the preview grid is an image the page loads from the store, through the console
    browser.await(
        WAIT,
        d ->
            Boolean.TRUE.equals(
                    js(
                        "const img = document.querySelector('#datasets-table img');"
                            + " return img !== null && img.complete && img.naturalWidth > 0;"))
                ? true
                : null);
    browser.screenshot("datasets");
  }

  private static int accuracyPoints() {
    return browser.driver.findElements(By.cssSelector("#curve-accuracy circle")).size();
  }

  private static void fill(String id, String value) {
    WebElement input = browser.driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(value);
  }

  /** Moves a range input as a user would: sets its value and fires its input event. */
  private static void slide(String id, int value) {
    js(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
            + " e.dispatchEvent(new Event('input', {bubbles: true}));",
        id,
        String.valueOf(value));
  }

  private static String text(String id) {
    return browser.driver.findElement(By.id(id)).getText();
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser.driver).executeScript(script, args);
  }

  /** Signs in with the test's key on the page shown, unless signed in already. */
  private static void signIn() {
    browser.await(
        WAIT,
        d ->
            !d.findElements(By.id("api-key")).isEmpty()
                || !d.findElements(By.id("signed-in")).isEmpty());
    if (browser.driver.findElements(By.id("signed-in")).isEmpty()) {
      fill("api-key", KEY);
      browser.driver.findElement(By.id("signin-button")).click();
    }
    String signedIn =
        browser.await(
            WAIT, d -> d.findElements(By.id("signed-in")).isEmpty() ? null : text("signed-in"));
    assertThat(signedIn).isEqualTo("signed in: control, predict");
  }

  private static HttpResponse<String> post(String url, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("X-API-Key", KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String get(String url) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
