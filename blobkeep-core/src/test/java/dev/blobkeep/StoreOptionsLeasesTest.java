package dev.blobkeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreOptionsLeasesTest {

  @Test
  void defaultsRenewEveryFiveSecondsAndExpireAfterThirty() {
    assertThat(StoreOptions.defaults().leaseInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(StoreOptions.defaults().leaseExpiry()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void leasesAreKeptByTheOtherSetters() {
    StoreOptions o =
        StoreOptions.defaults()
            .leases(Duration.ofMillis(100), Duration.ofSeconds(1))
            .poolSize(3)
            .schema("s");
    assertThat(o.leaseInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(o.leaseExpiry()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.toString()).contains("leaseInterval=PT0.1S, leaseExpiry=PT1S");
  }

  @Test
  void expiryOfAtMostTwiceTheIntervalIsRefusedNamingBoth() {
    assertThatThrownBy(
            () -> StoreOptions.defaults().leases(Duration.ofSeconds(5), Duration.ofSeconds(10)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "lease expiry must be more than twice the interval, got expiry PT10S and interval PT5S");
  }

  @Test
  void intervalBelowTenMillisecondsIsRefused() {
    assertThatThrownBy(
            () -> StoreOptions.defaults().leases(Duration.ofMillis(5), Duration.ofSeconds(1)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("lease interval must be >= 10 ms, got PT0.005S");
  }
}
