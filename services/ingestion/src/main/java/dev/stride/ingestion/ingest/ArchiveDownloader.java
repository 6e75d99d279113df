package dev.stride.ingestion.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Streams an archive from an http(s) URL to a file: every hop of a redirect chain passes the {@link
 * UrlGuard} before it is connected to, the body is refused past a size cap, and its MD5 is checked
 * when one is given (CIFAR-10's publishers give MD5s).
 */
final class ArchiveDownloader {

  /** Told as bytes arrive: received so far, and the total if the server said (else -1). */
  @FunctionalInterface
  interface Progress {
    void received(long bytes, long totalBytes);
  }

  private final HttpClient http;
  private final UrlGuard guard;
  private final long maxBytes;
  private final Duration timeout;
  private final int maxRedirects;

  ArchiveDownloader(UrlGuard guard, long maxBytes, Duration timeout, int maxRedirects) {
    // redirects are followed here, not by the client, so that each target is checked first
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    this.guard = guard;
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.maxRedirects = maxRedirects;
  }

  /**
   * @return the file's MD5 in hex
   * @throws IngestException for a refused address, an HTTP error, an oversized body or an MD5
   *     mismatch
   */
  String download(String url, String expectedMd5, Path target, Progress progress)
      throws IngestException {
    URI uri = URI.create(url);
    try {
      for (int hop = 0; ; hop++) {
        guard.check(uri);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response =
            http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
          int status = response.statusCode();
          if (status >= 300
              && status < 400
              && response.headers().firstValue("location").isPresent()) {
            if (hop == maxRedirects) {
              throw new IngestException(
                  422, url + " redirects more than " + maxRedirects + " times");
            }
            uri = uri.resolve(response.headers().firstValue("location").get());
            continue;
          }
          if (status != 200) {
            throw new IngestException(422, "download of " + uri + " failed: HTTP " + status);
          }
          long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
          if (declared > maxBytes) {
            throw new IngestException(
                413, uri + " is " + declared + " bytes, more than the limit of " + maxBytes);
          }
          MessageDigest md5 = MessageDigest.getInstance("MD5");
          copyCapped(new DigestInputStream(body, md5), target, uri, declared, progress);
          String actual = HexFormat.of().formatHex(md5.digest());
          if (expectedMd5 != null && !expectedMd5.equalsIgnoreCase(actual)) {
            throw new IngestException(
                422, "MD5 of " + url + " is " + actual + ", expected " + expectedMd5.toLowerCase());
          }
          return actual;
        }
      }
    } catch (IOException e) {
      throw new IngestException(
          422, "download of " + uri + " failed: " + e.getMessage(), null, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IngestException(503, "download of " + uri + " was interrupted", null, null, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }

  private void copyCapped(InputStream in, Path target, URI uri, long declared, Progress progress)
      throws IOException, IngestException {
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw new IngestException(
              413, uri + " sent more than the limit of " + maxBytes + " bytes");
        }
        out.write(buffer, 0, n);
        progress.received(total, declared);
      }
    }
  }
}
