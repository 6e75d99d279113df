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

  /**
   * IPv6 forms that carry an IPv4 address are judged by the address they carry. Only parsed here,
   * never connected to: the guard test must not depend on where such an address would route.
   */
  @ParameterizedTest
  @CsvSource({
    "64:ff9b::a9fe:a9fe, link-local (cloud metadata) (169.254.169.254 in NAT64)",
    "64:ff9b::7f00:1, loopback (127.0.0.1 in NAT64)",
    "64:ff9b:1::a00:1, private (10.0.0.1 in NAT64)",
    "2002:a9fe:a9fe::1, link-local (cloud metadata) (169.254.169.254 in 6to4)",
    "2002:7f00:1::, loopback (127.0.0.1 in 6to4)",
    "::7f00:1, loopback (127.0.0.1 in IPv4-compatible)",
    "::a9fe:a9fe, link-local (cloud metadata) (169.254.169.254 in IPv4-compatible)",
    "::ffff:0:a9fe:a9fe, link-local (cloud metadata) (169.254.169.254 in IPv4-translated)",
    "2001:0:a9fe:a9fe::1, link-local (cloud metadata) (169.254.169.254 in Teredo server)",
    "2001:0:808:808::80ff:fffe, loopback (127.0.0.1 in Teredo client)",
    "2001:0:808:808::f5ff:fffe, private (10.0.0.1 in Teredo client)",
  })
  void judgesIpv6FormsByTheIpv4AddressTheyCarry(String address, String kind) throws Exception {
    assertThat(UrlGuard.forbiddenKind(InetAddress.getByName(address))).isEqualTo(kind);
  }

  @ParameterizedTest
  @CsvSource({"64:ff9b::808:808", "2002:808:808::1", "2001:0:808:808::f7f7:f7f7", "::ffff:8.8.8.8"})
  void letsIpv6FormsCarryingPublicAddressesThrough(String address) throws Exception {
    assertThat(UrlGuard.forbiddenKind(InetAddress.getByName(address))).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "198.18.0.1, reserved (benchmarking)",
    "192.0.0.8, reserved (IETF protocol assignments)",
    "240.0.0.1, reserved",
    "255.255.255.255, reserved",
  })
  void refusesReservedIpv4Blocks(String address, String kind) throws Exception {
    assertThat(UrlGuard.forbiddenKind(InetAddress.getByName(address))).isEqualTo(kind);
  }

  @org.junit.jupiter.api.Test
  void refusesAUrlWhoseNameResolvesToAnIpv6FormCarryingAForbiddenAddress() {
    UrlGuard stubbed =
        new UrlGuard(
            false,
            List.of(),
            List.of(),
            host -> new InetAddress[] {InetAddress.getByName("64:ff9b::a9fe:a9fe")});
    assertThatThrownBy(() -> stubbed.check(URI.create("http://mirror.test/a.tar.gz")))
        .isInstanceOf(IngestException.class)
        .hasMessage(
            "refusing to download 'http://mirror.test/a.tar.gz': mirror.test resolves to"
                + " 64:ff9b:0:0:0:0:a9fe:a9fe, a link-local (cloud metadata) (169.254.169.254 in"
                + " NAT64) address");
  }

  @org.junit.jupiter.api.Test
  void allowedNetworksAreCidrBlocksOfAddressLiterals() throws Exception {
    UrlGuard.Network network = UrlGuard.Network.parse("10.20.0.0/16");
    assertThat(network.contains(InetAddress.getByName("10.20.255.1"))).isTrue();
    assertThat(network.contains(InetAddress.getByName("10.21.0.1"))).isFalse();
    assertThat(network.contains(InetAddress.getByName("::ffff:0:a14:1"))).isFalse();
    assertThat(UrlGuard.Network.parse("127.0.0.2").contains(InetAddress.getByName("127.0.0.2")))
        .isTrue();
    assertThatThrownBy(() -> UrlGuard.Network.parse("mirror.test/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a CIDR block: 'mirror.test/8'");
    assertThatThrownBy(() -> UrlGuard.Network.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a CIDR block: '10.0.0.0/33'");
  }
}
