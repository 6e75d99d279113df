package dev.stride.ingestion.ingest;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether the service may fetch a URL: http or https only, and (unless configured
 * otherwise) a host that resolves to public addresses only. Loopback, link-local (the cloud
 * metadata service at 169.254.169.254 among them), private, unique-local, carrier-grade NAT,
 * multicast and unspecified addresses are refused, however the host is written (a name, decimal
 * 2130706433, IPv4-mapped IPv6 ::ffff:127.0.0.1). The downloader asks again for every redirect.
 */
final class UrlGuard {

  private final boolean allowPrivate;
  private final Set<String> allowedHosts;

  UrlGuard(boolean allowPrivate, Collection<String> allowedHosts) {
    this.allowPrivate = allowPrivate;
    this.allowedHosts = Set.copyOf(allowedHosts);
  }

  /**
   * @throws IngestException (400 for a scheme other than http(s) or no host, 422 for a forbidden or
   *     unknown address) naming the URL and the address
   */
  void check(URI url) throws IngestException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IngestException(
          400, "only http and https URLs can be downloaded, not '" + url + "'");
    }
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      throw new IngestException(400, "URL '" + url + "' has no host");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new IngestException(422, "host of '" + url + "' does not resolve: " + host);
    }
    if (allowPrivate || allowedHosts.contains(host)) {
      return;
    }
    for (InetAddress address : addresses) {
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
      // fc00::/7 unique local; Java's isSiteLocal only knows the deprecated fec0::/10
      if ((b[0] & 0xfe) == 0xfc) {
        return "private (unique local)";
      }
      return null;
    }
    int first = Byte.toUnsignedInt(b[0]);
    int second = Byte.toUnsignedInt(b[1]);
    if (first == 100 && second >= 64 && second < 128) {
      return "private (carrier-grade NAT)";
    }
    if (first == 0) {
      return "unspecified";
    }
    return null;
  }
}
