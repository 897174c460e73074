package dev.portway.gateway.security;

import java.util.List;

/**
 * A list of IPv4/IPv6 networks in CIDR notation ({@code listener.trustedProxies}, {@code ipRules}),
 * parsed once when the config is loaded. Equal when written the same.
 */
public final class Networks {

  public static final Networks NONE = new Networks(List.of(), List.of());

  private final List<String> written;
  private final List<Cidr> networks;

  private Networks(List<String> written, List<Cidr> networks) {
    this.written = List.copyOf(written);
    this.networks = List.copyOf(networks);
  }

  /** Parses every entry; throws {@link IllegalArgumentException} naming the first bad one. */
  public static Networks parse(List<String> cidrs) {
    return cidrs.isEmpty() ? NONE : new Networks(cidrs, cidrs.stream().map(Cidr::parse).toList());
  }

  public boolean isEmpty() {
    return networks.isEmpty();
  }

  /** Whether the literal address {@code address} lies in one of the networks; false for anything else. */
  public boolean contains(String address) {
    return contains(Cidr.bytes(address));
  }

  boolean contains(byte[] address) {
    for (Cidr network : networks) {
      if (network.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Networks that && written.equals(that.written);
  }

  @Override
  public int hashCode() {
    return written.hashCode();
  }

  @Override
  public String toString() {
    return written.toString();
  }
}
