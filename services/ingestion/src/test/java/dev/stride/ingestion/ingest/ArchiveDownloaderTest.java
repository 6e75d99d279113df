package dev.stride.ingestion.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downloader connects to the address the guard checked, not to what the name answers next (DNS
 * rebinding), on the first request and on every redirect. Two servers share one port: the allowed
 * one on 127.0.0.2 and the forbidden one on 127.0.0.1, and a stub resolver answers 127.0.0.2 first
 * and 127.0.0.1 after. Everything stays on loopback, whatever the code under test does.
 */
class ArchiveDownloaderTest {

  private static final byte[] ALLOWED_BODY = "from 127.0.0.2".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private HttpServer allowed;
  private HttpServer forbidden;
  private int port;
  private final List<String> allowedRequests = new CopyOnWriteArrayList<>();
  private final AtomicInteger forbiddenRequests = new AtomicInteger();
  private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

  @BeforeEach
  void startServers() throws IOException {
    for (int attempt = 0; forbidden == null; attempt++) {
      allowed = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
      port = allowed.getAddress().getPort();
      try {
        forbidden = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      } catch (IOException taken) {
        allowed.stop(0);
        if (attempt == 5) {
          throw taken;
        }
      }
    }
    allowed.createContext(
        "/",
        exchange -> {
          allowedRequests.add(
              exchange.getRequestURI().getPath()
                  + " Host: "
                  + exchange.getRequestHeaders().getFirst("Host"));
          String path = exchange.getRequestURI().getPath();
          if (path.startsWith("/redirect/")) {
            exchange.getResponseHeaders().add("Location", "http://" + path.substring(10) + "/b");
            exchange.sendResponseHeaders(302, -1);
          } else if (path.equals("/slow")) {
            slowBody(exchange);
          } else {
            exchange.sendResponseHeaders(200, ALLOWED_BODY.length);
            exchange.getResponseBody().write(ALLOWED_BODY);
          }
          exchange.close();
        });
    forbidden.createContext(
        "/",
        exchange -> {
          forbiddenRequests.incrementAndGet();
          byte[] body = "from 127.0.0.1".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    allowed.start();
    forbidden.start();
  }

  @AfterEach
  void stopServers() {
    allowed.stop(0);
    forbidden.stop(0);
  }

  /** Answers 127.0.0.2 the first time a name is looked up and 127.0.0.1 every time after. */
  private InetAddress[] rebinding(String host) throws java.net.UnknownHostException {
    if (!host.endsWith(".test")) {
      return InetAddress.getAllByName(host); // an address literal: no lookup
    }
    int lookup = lookups.computeIfAbsent(host, h -> new AtomicInteger()).getAndIncrement();
    return new InetAddress[] {InetAddress.getByName(lookup == 0 ? "127.0.0.2" : "127.0.0.1")};
  }

  private ArchiveDownloader downloader(Duration timeout) {
    UrlGuard guard = new UrlGuard(false, List.of(), List.of("127.0.0.2/32"), this::rebinding);
    return new ArchiveDownloader(guard, 1 << 20, timeout, 3);
  }

  @Test
  void connectsToTheAddressItCheckedNotToWhatTheNameAnswersNext() throws Exception {
    Path target = dir.resolve("a.bin");

    downloader(Duration.ofSeconds(10))
        .download("http://mirror.test:" + port + "/a", null, target, (received, total) -> {});

    assertThat(Files.readAllBytes(target)).isEqualTo(ALLOWED_BODY);
    assertThat(allowedRequests).containsExactly("/a Host: mirror.test:" + port);
    assertThat(forbiddenRequests).hasValue(0);
    assertThat(lookups.get("mirror.test")).hasValue(1);
  }

  @Test
  void pinsTheCheckedAddressOfEveryRedirectTarget() throws Exception {
    Path target = dir.resolve("b.bin");

    downloader(Duration.ofSeconds(10))
        .download(
            "http://mirror.test:" + port + "/redirect/other.test:" + port,
            null,
            target,
            (received, total) -> {});

    assertThat(Files.readAllBytes(target)).isEqualTo(ALLOWED_BODY);
    assertThat(allowedRequests)
        .containsExactly(
            "/redirect/other.test:" + port + " Host: mirror.test:" + port,
            "/b Host: other.test:" + port);
    assertThat(forbiddenRequests).hasValue(0);
    assertThat(lookups.get("other.test")).hasValue(1);
  }

  @Test
  void refusesARedirectToAForbiddenAddressBeforeConnecting() {
    // the redirect names 127.0.0.1 itself: refused, and the server there never hears of it
    assertThatThrownBy(
            () ->
                downloader(Duration.ofSeconds(10))
                    .download(
                        "http://mirror.test:" + port + "/redirect/127.0.0.1:" + port,
                        null,
                        dir.resolve("c.bin"),
                        (received, total) -> {}))
        .isInstanceOf(IngestException.class)
        .hasMessage(
            "refusing to download 'http://127.0.0.1:"
                + port
                + "/b': 127.0.0.1 resolves to 127.0.0.1, a loopback address");
    assertThat(forbiddenRequests).hasValue(0);
  }

  @Test
  @Timeout(20)
  void aBodySentSlowlyEndsAtTheDownloadsDeadline() {
    assertThatThrownBy(
            () ->
                downloader(Duration.ofSeconds(2))
                    .download(
                        "http://mirror.test:" + port + "/slow",
                        null,
                        dir.resolve("d.bin"),
                        (received, total) -> {}))
        .isInstanceOf(IngestException.class)
        .hasMessage(
            "download of http://mirror.test:"
                + port
                + "/slow took longer than PT2S (ingestion.download-timeout)")
        .extracting(e -> ((IngestException) e).status())
        .isEqualTo(422);
  }

  /** Headers at once, then a byte every 200 ms for 30 s: never silent, never done in time. */
  private static void slowBody(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 150);
    OutputStream out = exchange.getResponseBody();
    try {
      for (int i = 0; i < 150; i++) {
        out.write('x');
        out.flush();
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientLeft) {
      // the downloader gave up: what the test expects
    }
  }
}
