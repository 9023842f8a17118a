package dev.blobkeep.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every range of the IANA IPv4 and IPv6 special-purpose registries that is not globally reachable,
 * plus multicast, reserved and broadcast, with the first and last address of each range and the
 * neighbours just outside it. "public" means globally reachable (no kind).
 */
class AddressesTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      nullValues = "public",
      value = {
        // 0.0.0.0/8 this network
        "0.0.0.0, UNSPECIFIED",
        "0.255.255.255, UNSPECIFIED",
        "1.0.0.0, public",
        // 10.0.0.0/8
        "9.255.255.255, public",
        "10.0.0.0, PRIVATE",
        "10.255.255.255, PRIVATE",
        "11.0.0.0, public",
        // 100.64.0.0/10 shared address space
        "100.63.255.255, public",
        "100.64.0.0, PRIVATE",
        "100.127.255.255, PRIVATE",
        "100.128.0.0, public",
        // 127.0.0.0/8
        "126.255.255.255, public",
        "127.0.0.0, LOOPBACK",
        "127.255.255.255, LOOPBACK",
        "128.0.0.0, public",
        // 169.254.0.0/16
        "169.253.255.255, public",
        "169.254.0.0, LINK_LOCAL",
        "169.254.255.255, LINK_LOCAL",
        "169.255.0.0, public",
        // 172.16.0.0/12
        "172.15.255.255, public",
        "172.16.0.0, PRIVATE",
        "172.31.255.255, PRIVATE",
        "172.32.0.0, public",
        // 192.0.0.0/24 IETF protocol assignments, with the global 192.0.0.9 and 192.0.0.10
        "191.255.255.255, public",
        "192.0.0.0, PROTOCOL",
        "192.0.0.8, PROTOCOL",
        "192.0.0.9, public",
        "192.0.0.10, public",
        "192.0.0.11, PROTOCOL",
        "192.0.0.170, PROTOCOL",
        "192.0.0.255, PROTOCOL",
        "192.0.1.0, public",
        // 192.0.2.0/24 TEST-NET-1
        "192.0.2.0, DOCUMENTATION",
        "192.0.2.255, DOCUMENTATION",
        "192.0.3.0, public",
        // 192.31.196.0/24 AS112 and 192.52.193.0/24 AMT are global
        "192.31.196.1, public",
        "192.52.193.1, public",
        // 192.88.99.0/24 deprecated 6to4 relay anycast
        "192.88.98.255, public",
        "192.88.99.0, RESERVED",
        "192.88.99.255, RESERVED",
        "192.88.100.0, public",
        // 192.168.0.0/16
        "192.167.255.255, public",
        "192.168.0.0, PRIVATE",
        "192.168.255.255, PRIVATE",
        "192.169.0.0, public",
        // 192.175.48.0/24 AS112 is global
        "192.175.48.1, public",
        // 198.18.0.0/15 benchmarking
        "198.17.255.255, public",
        "198.18.0.0, BENCHMARKING",
        "198.19.255.255, BENCHMARKING",
        "198.20.0.0, public",
        // 198.51.100.0/24 TEST-NET-2
        "198.51.99.255, public",
        "198.51.100.0, DOCUMENTATION",
        "198.51.100.255, DOCUMENTATION",
        "198.51.101.0, public",
        // 203.0.113.0/24 TEST-NET-3
        "203.0.112.255, public",
        "203.0.113.0, DOCUMENTATION",
        "203.0.113.255, DOCUMENTATION",
        "203.0.114.0, public",
        // 224.0.0.0/4 multicast
        "223.255.255.255, public",
        "224.0.0.0, MULTICAST",
        "239.255.255.255, MULTICAST",
        // 240.0.0.0/4 reserved, 255.255.255.255 limited broadcast
        "240.0.0.0, RESERVED",
        "255.255.255.254, RESERVED",
        "255.255.255.255, BROADCAST",
        // IPv6: ::, ::1, IPv4-mapped and IPv4-compatible forms
        "::, UNSPECIFIED",
        "::1, LOOPBACK",
        "::2, UNSPECIFIED",
        "::ffff:10.0.0.1, PRIVATE",
        "::ffff:127.0.0.1, LOOPBACK",
        "::ffff:100.64.0.1, PRIVATE",
        "::ffff:198.18.0.1, BENCHMARKING",
        "::ffff:8.8.8.8, public",
        "::10.0.0.1, PRIVATE",
        "::8.8.8.8, public",
        "::1:0:0:0, RESERVED",
        // 64:ff9b::/96 NAT64 (by the embedded address) and 64:ff9b:1::/48 local-use NAT64
        "64:ff9b::a9fe:a9fe, LINK_LOCAL",
        "64:ff9b::7f00:1, LOOPBACK",
        "64:ff9b::808:808, public",
        "64:ff9b::1:0:0, RESERVED",
        "64:ff9b:1::, LOCAL_TRANSLATION",
        "64:ff9b:1:ffff:ffff:ffff:ffff:ffff, LOCAL_TRANSLATION",
        "64:ff9b:2::, RESERVED",
        // 100::/64 discard-only, 100:0:0:1::/64 dummy prefix
        "100::, DISCARD",
        "100::ffff:ffff:ffff:ffff, DISCARD",
        "100:0:0:1::, DISCARD",
        "100:0:0:1:ffff:ffff:ffff:ffff, DISCARD",
        "100:0:0:2::, RESERVED",
        // 2001::/23 IETF protocol assignments and its global entries
        "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff, public",
        "2001::, TEREDO",
        "2001:0:ffff:ffff:ffff:ffff:ffff:ffff, TEREDO",
        "2001:1::, PROTOCOL",
        "2001:1::1, public",
        "2001:1::2, public",
        "2001:1::3, public",
        "2001:1::4, PROTOCOL",
        "2001:2::, BENCHMARKING",
        "2001:2:0:ffff:ffff:ffff:ffff:ffff, BENCHMARKING",
        "2001:2:1::, PROTOCOL",
        "2001:3::, public",
        "2001:3:ffff:ffff:ffff:ffff:ffff:ffff, public",
        "2001:4:112::, public",
        "2001:4:112:ffff:ffff:ffff:ffff:ffff, public",
        "2001:4:113::, PROTOCOL",
        "2001:f::, PROTOCOL",
        "2001:10::, RESERVED",
        "2001:1f:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "2001:20::, public",
        "2001:3f:ffff:ffff:ffff:ffff:ffff:ffff, public",
        "2001:40::, PROTOCOL",
        "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff, PROTOCOL",
        "2001:200::, public",
        // 2001:db8::/32 and 3fff::/20 documentation
        "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, public",
        "2001:db8::, DOCUMENTATION",
        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, DOCUMENTATION",
        "2001:db9::, public",
        "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff, public",
        "3fff::, DOCUMENTATION",
        "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff, DOCUMENTATION",
        "3fff:1000::, public",
        // 2002::/16 6to4, by the embedded address
        "2002:0a00:0001::1, PRIVATE",
        "2002:7f00:1::, LOOPBACK",
        "2002:c000:0201::, DOCUMENTATION",
        "2002:0808:0808::1, public",
        "2620:4f:8000::1, public",
        // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast
        "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "fc00::, PRIVATE",
        "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PRIVATE",
        "fe00::, RESERVED",
        "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "fe80::, LINK_LOCAL",
        "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, LINK_LOCAL",
        "fec0::, PRIVATE",
        "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PRIVATE",
        "ff00::, MULTICAST",
        "ff02::1, MULTICAST",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, MULTICAST",
        // outside 2000::/3 global unicast: reserved (5f00::/16 segment routing included)
        "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "2000::, public",
        "2606:4700:4700::1111, public",
        "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, public",
        "4000::, RESERVED",
        "5f00::1, RESERVED",
        "8.8.8.8, public",
        "1.1.1.1, public",
      })
  void classifiesAddressesByRange(String literal, AddressKind kind) throws UnknownHostException {
    // Literals only: InetAddress.getByName does no DNS lookup for them.
    assertThat(Addresses.kind(InetAddress.getByName(literal))).as(literal).isEqualTo(kind);
  }
}
