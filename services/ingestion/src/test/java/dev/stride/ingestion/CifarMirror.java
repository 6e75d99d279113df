package dev.stride.ingestion;

import com.sun.net.httpserver.HttpServer;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.cifar.CifarArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for www.cs.toronto.edu: an HTTP server on loopback serving a generated archive in the
 * real CIFAR-10 binary layout (five data batches, a test batch, batches.meta.txt), plus redirects,
 * and counting the requests each path gets.
 */
public final class CifarMirror implements AutoCloseable {

  public static final String ARCHIVE_PATH = "/~kriz/cifar-10-binary.tar.gz";
  public static final List<String> CLASS_NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  private final HttpServer server;
  private final byte[] archive;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  CifarMirror() {
    try {
      ImageSet train = SyntheticCifar.generate(5 * 120, 101);
      ImageSet test = SyntheticCifar.generate(100, 102);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CifarArchive.write(out, train, 5, test, CLASS_NAMES);
      archive = out.toByteArray();
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          if (path.equals(ARCHIVE_PATH)) {
            exchange.sendResponseHeaders(200, archive.length);
            exchange.getResponseBody().write(archive);
          } else if (path.startsWith("/redirect/")) {
            // /redirect/<host>: send the client to the archive on <host> at this port
            String host = path.substring("/redirect/".length());
            exchange
                .getResponseHeaders()
                .add("Location", "http://" + host + ":" + port() + ARCHIVE_PATH);
            exchange.sendResponseHeaders(302, -1);
          } else {
            exchange.sendResponseHeaders(404, -1);
          }
          exchange.close();
        });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public byte[] archive() {
    return archive.clone();
  }

  public String md5() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Requests received for {@code path} so far. */
  public int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  /** Requests received for any path so far. */
  public int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
