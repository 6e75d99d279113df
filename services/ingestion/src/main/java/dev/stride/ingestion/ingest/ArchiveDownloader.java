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
 * Streams an archive from an http(s) URL to a file, refusing it past a size cap and checking its
 * MD5 when one is given (CIFAR-10's publishers give MD5s).
 */
final class ArchiveDownloader {

  private final HttpClient http;
  private final long maxBytes;
  private final Duration timeout;

  ArchiveDownloader(long maxBytes, Duration timeout) {
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    this.maxBytes = maxBytes;
    this.timeout = timeout;
  }

  /**
   * @return the file's MD5 in hex
   * @throws IngestException for an HTTP error, an oversized body or an MD5 mismatch
   */
  String download(String url, String expectedMd5, Path target) throws IngestException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IngestException(
              422, "download of " + url + " failed: HTTP " + response.statusCode());
        }
        long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
        if (declared > maxBytes) {
          throw new IngestException(
              413, url + " is " + declared + " bytes, more than the limit of " + maxBytes);
        }
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        copyCapped(new DigestInputStream(body, md5), target, url);
        String actual = HexFormat.of().formatHex(md5.digest());
        if (expectedMd5 != null && !expectedMd5.equalsIgnoreCase(actual)) {
          throw new IngestException(
              422, "MD5 of " + url + " is " + actual + ", expected " + expectedMd5.toLowerCase());
        }
        return actual;
      }
    } catch (IOException e) {
      throw new IngestException(
          422, "download of " + url + " failed: " + e.getMessage(), null, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IngestException(503, "download of " + url + " was interrupted", null, null, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }

  private void copyCapped(InputStream in, Path target, String url)
      throws IOException, IngestException {
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw new IngestException(
              413, url + " sent more than the limit of " + maxBytes + " bytes");
        }
        out.write(buffer, 0, n);
      }
    }
  }
}
