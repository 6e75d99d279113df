package dev.stride.ingestion.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlGuardTest {

  private final UrlGuard guard = new UrlGuard(false, List.of());

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1/a.tar.gz, 127.0.0.1, loopback",
    "http://localhost:8080/a.tar.gz, 127.0.0.1, loopback",
    "http://2130706433/a.tar.gz, 127.0.0.1, loopback",
    "'http://[::ffff:127.0.0.1]/a.tar.gz', 127.0.0.1, loopback",
    "'http://[::1]/a', 0:0:0:0:0:0:0:1, loopback",
    "http://169.254.169.254/latest/meta-data/, 169.254.169.254, link-local (cloud metadata)",
    "http://10.1.2.3/a, 10.1.2.3, private",
    "http://172.16.0.1/a, 172.16.0.1, private",
    "http://192.168.1.1/a, 192.168.1.1, private",
    "http://100.64.0.1/a, 100.64.0.1, private (carrier-grade NAT)",
    "http://0.0.0.0/a, 0.0.0.0, unspecified",
    "'http://[fd00:ec2::254]/a', fd00:ec2:0:0:0:0:0:254, private (unique local)",
  })
  void refusesAddressesInsideTheNetwork(String url, String address, String kind) {
    assertThatThrownBy(() -> guard.check(URI.create(url)))
        .isInstanceOf(IngestException.class)
        .hasMessageEndingWith("resolves to " + address + ", a " + kind + " address")
        .extracting(e -> ((IngestException) e).status())
        .isEqualTo(422);
  }

  @ParameterizedTest
  @CsvSource({"file:///etc/passwd", "ftp://example.org/a.tar.gz", "gopher://x/"})
  void refusesSchemesOtherThanHttp(String url) {
    assertThatThrownBy(() -> guard.check(URI.create(url)))
        .isInstanceOf(IngestException.class)
        .hasMessage("only http and https URLs can be downloaded, not '" + url + "'")
        .extracting(e -> ((IngestException) e).status())
        .isEqualTo(400);
  }

  @ParameterizedTest
  @CsvSource({"8.8.8.8", "1.1.1.1", "2606:4700:4700:0:0:0:0:1111"})
  void letsPublicAddressesThrough(String address) throws Exception {
    assertThat(UrlGuard.forbiddenKind(InetAddress.getByName(address))).isNull();
  }

  @org.junit.jupiter.api.Test
  void letsAnAllowedHostThroughWhateverItResolvesTo() throws Exception {
    new UrlGuard(false, List.of("127.0.0.1")).check(URI.create("http://127.0.0.1:1/a.tar.gz"));
  }
}
