package dev.stride.devstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lets the process that started a devstack crash and restart its broker or S3 server, for outage
 * tests on a whole local stack: {@code POST /kafka/kill}, {@code /kafka/restart}, {@code /s3/kill},
 * {@code /s3/restart} on a loopback port. A restart comes back on the same port with the same data
 * and answers once the server is up; 204 when done, 500 with the reason when not.
 */
public final class DevStackControl implements AutoCloseable {

  /** The settings key under which {@link DevStackMain} publishes the control URL. */
  public static final String URL_PROPERTY = "devstack.control";

  private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(120);

  private final HttpServer server;

  private DevStackControl(HttpServer server) {
    this.server = server;
  }

  public static DevStackControl start(DevStack stack) {
    Map<String, Consumer<String>> actions =
        Map.of(
            "/kafka/kill", path -> stack.kafka().kill(),
            "/kafka/restart", path -> stack.kafka().restart(RESTART_TIMEOUT),
            "/s3/kill", path -> stack.s3().kill(),
            "/s3/restart", path -> stack.s3().restart(RESTART_TIMEOUT));
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      // one action at a time: a restart must not overlap a kill of the same server
      server.createContext(
          "/",
          exchange -> {
            synchronized (actions) {
              handle(exchange, actions);
            }
          });
      server.start();
      return new DevStackControl(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the devstack's control port", e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void handle(HttpExchange exchange, Map<String, Consumer<String>> actions)
      throws IOException {
    String path = exchange.getRequestURI().getPath();
    Consumer<String> action = actions.get(path);
    if (action == null || !"POST".equals(exchange.getRequestMethod())) {
      answer(exchange, 404, "{\"error\": \"no action POST " + path + "\"}");
      return;
    }
    try {
      action.accept(path);
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    } catch (RuntimeException e) {
      answer(
          exchange,
          500,
          "{\"error\": \"" + String.valueOf(e.getMessage()).replace('"', '\'') + "\"}");
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
