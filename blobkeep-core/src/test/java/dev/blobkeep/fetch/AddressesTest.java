package dev.blobkeep.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {

  @ParameterizedTest
  @CsvSource(
      nullValues = "public",
      value = {
        "127.0.0.1, loopback",
        "127.255.0.9, loopback",
        "::1, loopback",
        "10.0.0.1, private",
        "172.16.0.1, private",
        "172.31.255.255, private",
        "192.168.1.1, private",
        "100.64.0.1, private",
        "fc00::1, private",
        "fd12:3456::1, private",
        "fec0::1, private",
        "169.254.169.254, link-local",
        "fe80::1, link-local",
        "0.0.0.0, unspecified",
        "0.1.2.3, unspecified",
        "::, unspecified",
        "224.0.0.1, multicast",
        "239.255.255.250, multicast",
        "ff02::1, multicast",
        "255.255.255.255, reserved",
        "240.0.0.1, reserved",
        "::ffff:10.0.0.1, private",
        "::ffff:127.0.0.1, loopback",
        "::10.0.0.1, private",
        "64:ff9b::a9fe:a9fe, link-local",
        "2002:0a00:0001::1, private",
        "8.8.8.8, public",
        "1.1.1.1, public",
        "172.32.0.1, public",
        "172.15.255.255, public",
        "100.128.0.1, public",
        "192.169.0.1, public",
        "169.255.0.1, public",
        "2606:4700:4700::1111, public",
        "2002:0808:0808::1, public",
        "64:ff9b::808:808, public",
      })
  void classifiesAddressesByRange(String literal, String kind) throws UnknownHostException {
    // Literals only: InetAddress.getByName does no DNS lookup for them.
    assertThat(Addresses.kind(InetAddress.getByName(literal))).as(literal).isEqualTo(kind);
  }
}
