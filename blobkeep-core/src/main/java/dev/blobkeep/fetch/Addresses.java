package dev.blobkeep.fetch;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Which IP addresses a fetch may connect to. An address is classified by the range it falls in;
 * IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64 64:ff9b::/96, 6to4 2002::/16)
 * are classified by the embedded address. Stateless.
 */
final class Addresses {
  static final String LOOPBACK = "loopback";
  static final String PRIVATE = "private";
  static final String LINK_LOCAL = "link-local";
  static final String UNSPECIFIED = "unspecified";
  static final String MULTICAST = "multicast";
  static final String RESERVED = "reserved";

  private Addresses() {}

  /**
   * The kind of non-public address {@code address} is: {@link #LOOPBACK}, {@link #PRIVATE}, {@link
   * #LINK_LOCAL}, {@link #UNSPECIFIED}, {@link #MULTICAST} or {@link #RESERVED}; null for a public
   * address.
   */
  static String kind(InetAddress address) {
    byte[] b = address.getAddress();
    return address instanceof Inet4Address ? kindV4(b, 0) : kindV6(b);
  }

  /** True for kinds that are refused even with {@code allowPrivate}: no HTTP server lives there. */
  static boolean alwaysRefused(String kind) {
    return UNSPECIFIED.equals(kind) || MULTICAST.equals(kind) || RESERVED.equals(kind);
  }

  private static String kindV4(byte[] b, int at) {
    int a0 = b[at] & 0xff;
    int a1 = b[at + 1] & 0xff;
    if (a0 == 0) {
      return UNSPECIFIED; // 0.0.0.0/8, "this network"; 0.0.0.0 itself reaches the local host
    }
    if (a0 == 127) {
      return LOOPBACK;
    }
    if (a0 == 10
        || (a0 == 172 && a1 >= 16 && a1 <= 31)
        || (a0 == 192 && a1 == 168)
        || (a0 == 100 && a1 >= 64 && a1 <= 127)) { // 100.64/10, shared address space (RFC 6598)
      return PRIVATE;
    }
    if (a0 == 169 && a1 == 254) {
      return LINK_LOCAL;
    }
    if (a0 >= 224 && a0 <= 239) {
      return MULTICAST;
    }
    if (a0 >= 240) {
      return RESERVED; // 240/4, and 255.255.255.255 broadcast
    }
    return null;
  }

  private static String kindV6(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (zeros(b, 0, 10)) {
      if (zeros(b, 10, 16)) {
        return UNSPECIFIED; // ::
      }
      if (zeros(b, 10, 15) && b[15] == 1) {
        return LOOPBACK; // ::1
      }
      boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      if (mapped || zeros(b, 10, 12)) {
        return kindV4(b, 12); // ::ffff:a.b.c.d, and the deprecated ::a.b.c.d
      }
    }
    if (a0 == 0x00
        && a1 == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && zeros(b, 4, 12)) {
      return kindV4(b, 12); // 64:ff9b::/96, NAT64
    }
    if (a0 == 0x20 && a1 == 0x02) {
      return kindV4(b, 2); // 2002::/16, 6to4
    }
    if ((a0 & 0xfe) == 0xfc || (a0 == 0xfe && (a1 & 0xc0) == 0xc0)) {
      return PRIVATE; // fc00::/7 unique local, fec0::/10 deprecated site-local
    }
    if (a0 == 0xfe && (a1 & 0xc0) == 0x80) {
      return LINK_LOCAL; // fe80::/10
    }
    if (a0 == 0xff) {
      return MULTICAST;
    }
    return null;
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
