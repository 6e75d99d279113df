package dev.stride.ingestion.ingest;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether the service may fetch a URL, and which addresses it may connect to for it: http
 * or https only, and (unless configured otherwise) a host that resolves to public addresses only.
 * Loopback, link-local (the cloud metadata service at 169.254.169.254 among them), private,
 * unique-local, carrier-grade NAT, reserved, multicast and unspecified addresses are refused,
 * however the host is written: a name, decimal 2130706433, or an IPv6 address that carries an IPv4
 * one (mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}, Teredo {@code 2001::/32}).
 *
 * <p>The host is resolved once, here; {@link #check} returns the addresses it checked and the
 * downloader connects to those and no others, so a name that answers differently the second time
 * (DNS rebinding) cannot lead it elsewhere. The downloader asks again for every redirect.
 */
final class UrlGuard {

  /** Turns a host into addresses; the system resolver in the service, a stub in tests. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final boolean allowPrivate;
  private final Set<String> allowedHosts;
  private final List<Network> allowedNetworks;
  private final Resolver resolver;

  UrlGuard(boolean allowPrivate, Collection<String> allowedHosts) {
    this(allowPrivate, allowedHosts, List.of(), InetAddress::getAllByName);
  }

  /**
   * @param allowedNetworks CIDR blocks ({@code 10.20.0.0/16}, {@code 127.0.0.2/32}) allowed however
   *     they are classified, e.g. the network of a mirror
   */
  UrlGuard(
      boolean allowPrivate,
      Collection<String> allowedHosts,
      Collection<String> allowedNetworks,
      Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.allowedNetworks = allowedNetworks.stream().map(Network::parse).toList();
    this.resolver = resolver;
  }

  /**
   * Resolves the URL's host once and checks every address it has.
   *
   * @return the checked addresses: the only ones a connection for this URL may go to
   * @throws IngestException (400 for a scheme other than http(s) or no host, 422 for a forbidden or
   *     unknown address) naming the URL and the address
   */
  List<InetAddress> check(URI url) throws IngestException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IngestException(
          400, "only http and https URLs can be downloaded, not '" + url + "'");
    }
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      throw new IngestException(400, "URL '" + url + "' has no host");
    }
    List<InetAddress> addresses;
    try {
      addresses = List.of(resolver.resolve(bare(host)));
    } catch (UnknownHostException e) {
      throw new IngestException(422, "host of '" + url + "' does not resolve: " + host);
    }
    if (addresses.isEmpty()) {
      throw new IngestException(422, "host of '" + url + "' does not resolve: " + host);
    }
    if (allowPrivate || allowedHosts.contains(host)) {
      return addresses;
    }
    for (InetAddress address : addresses) {
      if (allowedNetworks.stream().anyMatch(network -> network.contains(address))) {
        continue;
      }
      String kind = forbiddenKind(address);
      if (kind != null) {
        throw new IngestException(
            422,
            "refusing to download '"
                + url
                + "': "
                + host
                + " resolves to "
                + address.getHostAddress()
                + ", a "
                + kind
                + " address");
      }
    }
    return addresses;
  }

  /** A URL's host without the brackets of an IPv6 literal: what a resolver is asked for. */
  static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Why an address is off limits, or null if it is a public unicast address. */
  static String forbiddenKind(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local (cloud metadata)";
    }
    if (address.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (address.isMulticastAddress()) {
      return "multicast";
    }
    if (address.isSiteLocalAddress()) {
      return "private";
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      return forbiddenKind6(b);
    }
    int first = Byte.toUnsignedInt(b[0]);
    int second = Byte.toUnsignedInt(b[1]);
    if (first == 100 && second >= 64 && second < 128) {
      return "private (carrier-grade NAT)";
    }
    if (first == 0) {
      return "unspecified";
    }
    if (first == 198 && (second == 18 || second == 19)) {
      return "reserved (benchmarking)";
    }
    if (first == 192 && second == 0 && Byte.toUnsignedInt(b[2]) == 0) {
      return "reserved (IETF protocol assignments)";
    }
    if (first >= 240) {
      return "reserved";
    }
    return null;
  }

  private static String forbiddenKind6(byte[] b) {
    // fc00::/7 unique local; Java's isSiteLocal only knows the deprecated fec0::/10
    if ((b[0] & 0xfe) == 0xfc) {
      return "private (unique local)";
    }
    if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      // ::ffff:a.b.c.d, IPv4-mapped (Java usually turns these into IPv4 addresses itself)
      return embedded("IPv4-mapped", b, 12, false);
    }
    if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zero(b, 10, 12)) {
      // ::ffff:0:a.b.c.d, IPv4-translated (SIIT)
      return embedded("IPv4-translated", b, 12, false);
    }
    if (zero(b, 0, 12)) {
      // ::a.b.c.d, IPv4-compatible (deprecated; ::1 and :: are caught above)
      return embedded("IPv4-compatible", b, 12, false);
    }
    if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      // 64:ff9b::/96, well-known NAT64 prefix, and 64:ff9b:1::/48, local-use NAT64
      return embedded("NAT64", b, 12, false);
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      // 2002:AABB:CCDD::/48, 6to4: the relay sends to the IPv4 address in bits 16-47
      return embedded("6to4", b, 2, false);
    }
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
      // 2001:0::/32, Teredo: the server's IPv4 in bits 32-63, the client's inverted in 96-127
      String server = embedded("Teredo server", b, 4, false);
      return server != null ? server : embedded("Teredo client", b, 12, true);
    }
    return null;
  }

  /** The kind of the IPv4 address at {@code offset}, said as carried by an IPv6 form. */
  private static String embedded(String form, byte[] b, int offset, boolean inverted) {
    byte[] v4 = Arrays.copyOfRange(b, offset, offset + 4);
    if (inverted) {
      for (int i = 0; i < 4; i++) {
        v4[i] = (byte) ~v4[i];
      }
    }
    try {
      InetAddress address = InetAddress.getByAddress(v4);
      String kind = forbiddenKind(address);
      return kind == null ? null : kind + " (" + address.getHostAddress() + " in " + form + ")";
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always an IPv4 address", e);
    }
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** A CIDR block. */
  record Network(byte[] prefix, int bits) {

    static Network parse(String cidr) {
      int slash = cidr.indexOf('/');
      String address = slash < 0 ? cidr.strip() : cidr.substring(0, slash).strip();
      if (!address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
        // an address literal only: a name here would be resolved, which is not what a CIDR means
        throw new IllegalArgumentException("not a CIDR block: '" + cidr + "'");
      }
      try {
        byte[] prefix = InetAddress.getByName(address).getAddress();
        int bits = slash < 0 ? prefix.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        if (bits < 0 || bits > prefix.length * 8) {
          throw new IllegalArgumentException("not a CIDR block: '" + cidr + "'");
        }
        return new Network(prefix, bits);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("not a CIDR block: '" + cidr + "'", e);
      }
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != prefix.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((a[i / 8] & mask) != (prefix[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
