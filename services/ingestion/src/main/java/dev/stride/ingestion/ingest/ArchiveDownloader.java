package dev.stride.ingestion.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Streams an archive from an http(s) URL to a file: every hop of a redirect chain passes the {@link
 * UrlGuard} before it is connected to, and the connection goes to the addresses the guard checked
 * (Apache HttpClient 5, whose resolver can be replaced; the JDK's client resolves names itself).
 * The body is refused past a size cap or past the download's deadline, and its MD5 is checked when
 * one is given (CIFAR-10's publishers give MD5s).
 */
final class ArchiveDownloader {

  /** Longest silence while reading; the whole download is bounded by its own deadline. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /** Told as bytes arrive: received so far, and the total if the server said (else -1). */
  @FunctionalInterface
  interface Progress {
    void received(long bytes, long totalBytes);
  }

  private final UrlGuard guard;
  private final long maxBytes;
  private final Duration timeout;
  private final int maxRedirects;

  /**
   * @param timeout the whole download, from the first connect to the last byte of the body
   */
  ArchiveDownloader(UrlGuard guard, long maxBytes, Duration timeout, int maxRedirects) {
    this.guard = guard;
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.maxRedirects = maxRedirects;
  }

  /**
   * @return the file's MD5 in hex
   * @throws IngestException for a refused address, an HTTP error, an oversized body, a download
   *     past its deadline or an MD5 mismatch
   */
  String download(String url, String expectedMd5, Path target, Progress progress)
      throws IngestException {
    URI uri = URI.create(url);
    Instant deadline = Instant.now().plus(timeout);
    // the addresses the guard checked, per host: the client's only resolver
    Map<String, InetAddress[]> checked = new HashMap<>();
    try (CloseableHttpClient http = client(checked)) {
      for (int hop = 0; ; hop++) {
        checked.put(UrlGuard.bare(uri.getHost() == null ? "" : uri.getHost()), pin(uri));
        HttpGet get = new HttpGet(uri);
        ClassicHttpResponse response = http.executeOpen(null, get, null);
        try {
          int status = response.getCode();
          Header location = response.getFirstHeader("location");
          if (status >= 300 && status < 400 && location != null) {
            if (hop == maxRedirects) {
              throw new IngestException(
                  422, url + " redirects more than " + maxRedirects + " times");
            }
            uri = uri.resolve(location.getValue());
            response.close();
            continue;
          }
          if (status != 200) {
            throw new IngestException(422, "download of " + uri + " failed: HTTP " + status);
          }
          HttpEntity entity = response.getEntity();
          long declared = entity == null ? -1 : entity.getContentLength();
          if (declared > maxBytes) {
            throw new IngestException(
                413, uri + " is " + declared + " bytes, more than the limit of " + maxBytes);
          }
          MessageDigest md5 = MessageDigest.getInstance("MD5");
          InputStream body = entity == null ? InputStream.nullInputStream() : entity.getContent();
          copyCapped(new DigestInputStream(body, md5), target, uri, declared, deadline, progress);
          String actual = HexFormat.of().formatHex(md5.digest());
          if (expectedMd5 != null && !expectedMd5.equalsIgnoreCase(actual)) {
            throw new IngestException(
                422, "MD5 of " + url + " is " + actual + ", expected " + expectedMd5.toLowerCase());
          }
          response.close();
          return actual;
        } catch (IngestException | IOException | RuntimeException e) {
          // closing would read the rest of the body (to reuse the connection): drop it instead
          get.cancel();
          closeAfterFailure(response, e);
          throw e;
        }
      }
    } catch (InterruptedIOException e) {
      if (e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException) {
        throw new IngestException(
            422, "download of " + uri + " failed: " + e.getMessage(), null, null, e);
      }
      Thread.currentThread().interrupt();
      throw new IngestException(503, "download of " + uri + " was interrupted", null, null, e);
    } catch (IOException e) {
      throw new IngestException(
          422, "download of " + uri + " failed: " + e.getMessage(), null, null, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }

  private static void closeAfterFailure(ClassicHttpResponse response, Exception failure) {
    try {
      response.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private InetAddress[] pin(URI uri) throws IngestException {
    return guard.check(uri).toArray(InetAddress[]::new);
  }

  /**
   * A client that follows no redirects itself and resolves nothing itself: it connects to the
   * addresses in {@code checked} (Host header, SNI and certificate check keep the URL's name).
   */
  private CloseableHttpClient client(Map<String, InetAddress[]> checked) {
    Timeout socket = Timeout.of(timeout.compareTo(READ_TIMEOUT) < 0 ? timeout : READ_TIMEOUT);
    DnsResolver pinned =
        new DnsResolver() {
          @Override
          public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = checked.get(UrlGuard.bare(host));
            if (addresses == null) {
              throw new UnknownHostException(host + " was not checked by the URL guard");
            }
            return addresses;
          }

          @Override
          public String resolveCanonicalHostname(String host) {
            return host;
          }
        };
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(pinned)
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(30))
                        .setSocketTimeout(socket)
                        .build())
                .build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .build();
  }

  private IngestException timedOut(URI uri) {
    return new IngestException(
        422,
        "download of " + uri + " took longer than " + timeout + " (ingestion.download-timeout)");
  }

  private void copyCapped(
      InputStream in, Path target, URI uri, long declared, Instant deadline, Progress progress)
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
        if (Instant.now().isAfter(deadline)) {
          // a body sent slowly ends here; a body that stops ends at the socket timeout
          throw timedOut(uri);
        }
      }
    }
  }
}
