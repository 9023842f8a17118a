package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.ReadFrom;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ReadFrom#STANDBY_PREFERRED} on a single server: the read pool falls back to the primary,
 * so everything works as with {@link ReadFrom#PRIMARY}, and closing releases both pools.
 */
@ExtendWith(PgAvailable.class)
class PostgresReadFromTest {
  @Test
  void withoutAStandbyReadsFallBackToThePrimaryAndCloseReleasesBothPools() {
    try (PgFixture db = new PgFixture()) {
      StoreOptions options = StoreOptions.defaults().readFrom(ReadFrom.STANDBY_PREFERRED);
      String location;
      try (BlobStore store = db.open(options)) {
        location = store.location();
        assertThat(PostgresProvider.poolsAt(location)).hasSize(2);
        BlobInfo put = store.put("hello".getBytes(), PutOptions.at("b", "k"));
        assertThat(store.info(put.ref())).isEqualTo(put);
        assertThat(store.getBytes(put.ref())).isEqualTo("hello".getBytes());
        assertThat(store.list(Query.bucket("b")).items()).hasSize(1);
        assertThat(store.primary().info(put.ref())).isEqualTo(put);
        assertThat(store.bucket("b")).isPresent();
      }
      assertThat(PostgresProvider.poolsAt(location)).isEmpty();
    }
  }
}
