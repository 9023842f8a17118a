package dev.blobkeep.fetch;

/**
 * The kinds of address a fetch does not connect to by default, after the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890 and later entries) and the IPv4/IPv6 address space
 * registries. Each kind says whether {@link FetchOptions#allowPrivate(boolean)} opens it: the
 * ranges a private network uses can be allowed; ranges where no host serves HTTP (unspecified,
 * multicast, broadcast, reserved, documentation, discard, Teredo) are refused either way.
 */
enum AddressKind {
  LOOPBACK("loopback", true),
  /** RFC 1918, 100.64.0.0/10 shared address space, fc00::/7 unique local, fec0::/10 site-local. */
  PRIVATE("private", true),
  LINK_LOCAL("link-local", true),
  /** 198.18.0.0/15 and 2001:2::/48 (RFC 2544, RFC 5180), used by lab and some VPN networks. */
  BENCHMARKING("benchmarking", true),
  /** The non-global parts of 192.0.0.0/24 and 2001::/23 (DS-Lite, NAT64 discovery, ...). */
  PROTOCOL("IETF protocol assignment", true),
  /** 64:ff9b:1::/48, NAT64 inside one network (RFC 8215). */
  LOCAL_TRANSLATION("local-use NAT64", true),
  UNSPECIFIED("unspecified", false),
  MULTICAST("multicast", false),
  BROADCAST("broadcast", false),
  /** 240.0.0.0/4, IPv6 outside 2000::/3 and the ranges above, deprecated anycast ranges. */
  RESERVED("reserved", false),
  /** 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20. */
  DOCUMENTATION("documentation", false),
  /** 100::/64 discard-only and 100:0:0:1::/64 dummy prefixes. */
  DISCARD("discard-only", false),
  /** 2001::/32: the real host is behind an obfuscated, NAT-dependent tunnel address. */
  TEREDO("Teredo", false);

  private final String label;
  private final boolean allowable;

  AddressKind(String label, boolean allowable) {
    this.label = label;
    this.allowable = allowable;
  }

  /** The kind in messages: "resolves to {label} address 10.0.0.1". */
  String label() {
    return label;
  }

  /** True if {@code allowPrivate} lets a fetch connect to this kind of address. */
  boolean allowable() {
    return allowable;
  }
}
