package dev.stride.trainer.scaling;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sets this worker's {@code controller.kubernetes.io/pod-deletion-cost} through the Kubernetes API:
 * a JSON merge patch of the pod's annotations, as the pod's service account (its token and the
 * cluster CA as Kubernetes mounts them). The token is read at every call: a projected token is
 * renewed while the pod runs.
 */
public final class PodPatcher {

  static final String ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";
  static final String MERGE_PATCH = "application/merge-patch+json";

  private final URI pod;
  private final Path token;
  private final Path caCertificate;
  private final Duration timeout;
  private HttpClient http;

  /**
   * @param api the API server, e.g. {@code https://kubernetes.default.svc}; a plain {@code http}
   *     one needs no CA
   * @param serviceAccount the folder holding {@code token} and {@code ca.crt}
   */
  public PodPatcher(
      URI api, String namespace, String podName, Path serviceAccount, Duration timeout) {
    String base = api.toString().replaceAll("/+$", "");
    this.pod = URI.create(base + "/api/v1/namespaces/" + namespace + "/pods/" + podName);
    this.token = serviceAccount.resolve("token");
    this.caCertificate = serviceAccount.resolve("ca.crt");
    this.timeout = timeout;
  }

  public URI pod() {
    return pod;
  }

  /** Sets the annotation to {@code cost}; any answer but 2xx is an IOException naming it. */
  public void setDeletionCost(long cost) throws IOException, InterruptedException {
    String patch = "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"" + cost + "\"}}}";
    HttpRequest request =
        HttpRequest.newBuilder(pod)
            .timeout(timeout)
            .header("Content-Type", MERGE_PATCH)
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + Files.readString(token).strip())
            .method("PATCH", HttpRequest.BodyPublishers.ofString(patch, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> answer = client().send(request, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() / 100 != 2) {
      String body = answer.body();
      throw new IOException(
          "PATCH "
              + pod
              + " answered "
              + answer.statusCode()
              + ": "
              + (body.length() > 500 ? body.substring(0, 500) + "…" : body));
    }
  }

  private synchronized HttpClient client() throws IOException {
    if (http == null) {
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
      if ("https".equalsIgnoreCase(pod.getScheme())) {
        builder.sslContext(trusting(caCertificate));
      }
      http = builder.build();
    }
    return http;
  }

  /** TLS that trusts the certificates in {@code caFile} (PEM) and nothing else. */
  static SSLContext trusting(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new IOException(caFile + " holds no certificate");
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return tls;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust the CA in " + caFile + ": " + e.getMessage(), e);
    }
  }
}
