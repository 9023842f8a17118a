package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Host names and origins the server answers, without a server. */
class HostCheckTest {
  private static final int PORT = 8080;

  private final HostCheck loopback =
      new HostCheck("127.0.0.1", List.of("blobs.example.com", "[2001:db8::1]:8443"), () -> PORT);

  @Test
  void loopbackNamesMatchInAnySpellingOfTheAddress() {
    assertThat(loopback.check("LOCALHOST:" + PORT)).isFalse();
    assertThat(loopback.check("[::1]:" + PORT)).isFalse();
    assertThat(loopback.check("[0:0:0:0:0:0:0:1]:" + PORT)).isFalse();
    assertThat(loopback.check("blobs.example.com")).isTrue();
    assertThat(loopback.check("[2001:DB8:0::1]:8443")).isTrue();
  }

  @Test
  void malformedHostsAre421NamingThem() {
    for (String host :
        List.of(
            "::1:" + PORT, "localhost:0", "localhost:99999", "localhost:80a", "a b", "", "[::1")) {
      assertThatThrownBy(() -> loopback.check(host))
          .as(host)
          .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(421));
    }
    assertThatThrownBy(() -> loopback.check("evil.example"))
        .hasMessageContaining("'evil.example'")
        .hasMessageContaining("--public-host");
  }

  @Test
  void originsAreComparedWithDefaultPortsLeftOut() {
    assertThat(OriginCheck.normalize("HTTPS://App.Example.com:443/"))
        .isEqualTo("https://app.example.com");
    assertThat(OriginCheck.normalize("http://localhost:3000")).isEqualTo("http://localhost:3000");
    assertThat(OriginCheck.normalize("null")).isNull();
    assertThat(OriginCheck.normalize("http://a.example/x")).isNull();
    OriginCheck origins = new OriginCheck(List.of("https://app.example.com:443"));

    origins.check("PUT", "blobs.example.com", "https://app.example.com", "cross-site");
    origins.check("POST", "localhost:8080", "http://localhost:8080", null);
    origins.check("POST", "blobs.example.com:80", "http://blobs.example.com", null);
    origins.check("GET", "localhost:8080", "http://evil.example", "cross-site");
    assertThatThrownBy(
            () -> origins.check("PATCH", "localhost:8080", "http://localhost:8081", null))
        .hasMessageStartingWith("PATCH from Origin 'http://localhost:8081' is refused");
  }
}
