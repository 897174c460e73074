package dev.portway.gateway.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network, {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is a /32 or
 * /128. IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) count as the IPv4 address, as Java
 * parses them.
 */
final class Cidr {

  // Literal addresses only: InetAddress.getByName would resolve a host name through DNS.
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} with a message for the config error. */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = address(address);
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException("invalid prefix length in '" + text + "' (0 to " + bytes.length * 8 + ")");
      }
    }
    return new Cidr(bytes, prefix);
  }

  /** The bytes of a literal address, or {@code null} when {@code address} is not one. */
  static byte[] bytes(String address) {
    try {
      return address(address);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] address(String address) {
    if (!LITERAL.matcher(address).matches()) {
      throw new IllegalArgumentException("'" + address + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + address + "' is not an IP address");
    }
  }

  boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }
}
