package dev.blobkeep.fetch;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Classifies IP addresses for a fetch: {@link #kind} is null for a globally reachable address, else
 * the {@link AddressKind} of the range it falls in. IPv6 forms that embed an IPv4 address
 * (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are
 * classified by the embedded address. The table follows the IANA special-purpose registries
 * (entries whose "globally reachable" is false or N/A) as of 2025. Stateless.
 */
final class Addresses {
  private Addresses() {}

  /** The kind of non-global address {@code address} is, or null for a global one. */
  static AddressKind kind(InetAddress address) {
    byte[] b = address.getAddress();
    return address instanceof Inet4Address ? kindV4(b, 0) : kindV6(b);
  }

  private static AddressKind kindV4(byte[] b, int at) {
    int a = b[at] & 0xff;
    int c = b[at + 1] & 0xff;
    int d = b[at + 2] & 0xff;
    int e = b[at + 3] & 0xff;
    if (a == 0) {
      return AddressKind.UNSPECIFIED; // 0.0.0.0/8 "this network"; 0.0.0.0 reaches the local host
    }
    if (a == 10 || (a == 172 && c >= 16 && c <= 31) || (a == 192 && c == 168)) {
      return AddressKind.PRIVATE; // RFC 1918
    }
    if (a == 100 && c >= 64 && c <= 127) {
      return AddressKind.PRIVATE; // 100.64.0.0/10, shared address space behind carrier NAT
    }
    if (a == 127) {
      return AddressKind.LOOPBACK;
    }
    if (a == 169 && c == 254) {
      return AddressKind.LINK_LOCAL;
    }
    if (a == 192 && c == 0 && d == 0) {
      // 192.0.0.9 (PCP anycast) and 192.0.0.10 (TURN anycast) are the global exceptions.
      return e == 9 || e == 10 ? null : AddressKind.PROTOCOL;
    }
    if ((a == 192 && c == 0 && d == 2)
        || (a == 198 && c == 51 && d == 100)
        || (a == 203 && c == 0 && d == 113)) {
      return AddressKind.DOCUMENTATION;
    }
    if (a == 192 && c == 88 && d == 99) {
      return AddressKind.RESERVED; // 192.88.99.0/24, deprecated 6to4 relay anycast (RFC 7526)
    }
    if (a == 198 && (c == 18 || c == 19)) {
      return AddressKind.BENCHMARKING;
    }
    if (a >= 224 && a <= 239) {
      return AddressKind.MULTICAST;
    }
    if (a == 255 && c == 255 && d == 255 && e == 255) {
      return AddressKind.BROADCAST;
    }
    if (a >= 240) {
      return AddressKind.RESERVED;
    }
    return null;
  }

  private static AddressKind kindV6(byte[] b) {
    if (zeros(b, 0, 10)) {
      if (zeros(b, 10, 16)) {
        return AddressKind.UNSPECIFIED; // ::
      }
      if (zeros(b, 10, 15) && b[15] == 1) {
        return AddressKind.LOOPBACK; // ::1
      }
      boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      if (mapped || zeros(b, 10, 12)) {
        return kindV4(b, 12); // ::ffff:a.b.c.d, and the deprecated ::a.b.c.d
      }
    }
    int w0 = word(b, 0);
    int w1 = word(b, 1);
    if (w0 == 0x64 && w1 == 0xff9b && zeros(b, 4, 12)) {
      return kindV4(b, 12); // 64:ff9b::/96, NAT64 with the well-known prefix
    }
    if (w0 == 0x64 && w1 == 0xff9b && word(b, 2) == 1) {
      return AddressKind.LOCAL_TRANSLATION; // 64:ff9b:1::/48
    }
    if (w0 == 0x100 && w1 == 0 && word(b, 2) == 0 && (word(b, 3) == 0 || word(b, 3) == 1)) {
      return AddressKind.DISCARD; // 100::/64 discard-only, 100:0:0:1::/64 dummy prefix
    }
    if (w0 == 0x2001 && w1 < 0x200) {
      return kindIetf(b, w1);
    }
    if (w0 == 0x2001 && w1 == 0xdb8) {
      return AddressKind.DOCUMENTATION;
    }
    if (w0 == 0x3fff && w1 < 0x1000) {
      return AddressKind.DOCUMENTATION; // 3fff::/20 (RFC 9637)
    }
    if (w0 == 0x2002) {
      return kindV4(b, 2); // 2002::/16, 6to4 with the IPv4 address in bits 16 to 47
    }
    if ((w0 & 0xfe00) == 0xfc00 || (w0 & 0xffc0) == 0xfec0) {
      return AddressKind.PRIVATE; // fc00::/7 unique local, fec0::/10 deprecated site-local
    }
    if ((w0 & 0xffc0) == 0xfe80) {
      return AddressKind.LINK_LOCAL;
    }
    if ((w0 & 0xff00) == 0xff00) {
      return AddressKind.MULTICAST;
    }
    if ((w0 & 0xe000) != 0x2000) {
      return AddressKind.RESERVED; // IANA assigns global unicast only from 2000::/3
    }
    return null;
  }

  /** 2001::/23, IETF protocol assignments: not global except the listed entries. */
  private static AddressKind kindIetf(byte[] b, int w1) {
    if (w1 == 0) {
      return AddressKind.TEREDO; // 2001::/32
    }
    if (w1 == 1 && zeros(b, 4, 15) && b[15] >= 1 && b[15] <= 3) {
      return null; // 2001:1::1, ::2, ::3: PCP, TURN and DNS-SD SRP anycast
    }
    if (w1 == 2 && word(b, 2) == 0) {
      return AddressKind.BENCHMARKING; // 2001:2::/48
    }
    if (w1 == 3 || (w1 == 4 && word(b, 2) == 0x112)) {
      return null; // 2001:3::/32 AMT, 2001:4:112::/48 AS112
    }
    if ((w1 & 0xfff0) == 0x10) {
      return AddressKind.RESERVED; // 2001:10::/28, deprecated ORCHID
    }
    if ((w1 & 0xfff0) == 0x20 || (w1 & 0xfff0) == 0x30) {
      return null; // 2001:20::/28 ORCHIDv2, 2001:30::/28 DRIP
    }
    return AddressKind.PROTOCOL;
  }

  private static int word(byte[] b, int index) {
    return (b[2 * index] & 0xff) << 8 | (b[2 * index + 1] & 0xff);
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
