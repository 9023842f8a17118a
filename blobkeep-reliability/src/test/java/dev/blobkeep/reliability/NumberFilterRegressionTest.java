package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;
import java.math.BigDecimal;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Regression test for a difference between the backends the suite found: {@code where(field,
 * number)} compared numbers as numbers on PostgreSQL (jsonb containment: 1 matches 1.0 and 1E+2
 * matches 100) but as JSON text on SQLite, so the same query returned different blobs. It guards
 * that both backends match user-field numbers by value, and never a number against a string.
 */
class NumberFilterRegressionTest {
  @Test
  void sqliteMatchesNumbersByValue() {
    numbersMatchByValue(SqliteFixture::new);
  }

  @Test
  @ExtendWith(PgAvailable.class)
  void postgresMatchesNumbersByValue() {
    numbersMatchByValue(PgFixture::new);
  }

  private static void numbersMatchByValue(Supplier<StoreFixture> database) {
    try (StoreFixture db = database.get();
        BlobStore store = db.open(StoreOptions.defaults())) {
      store.put(new byte[0], PutOptions.at("n", "one").meta("n", 1.0));
      store.put(new byte[0], PutOptions.at("n", "hundred").meta("n", 100));
      assertThat(store.list(Query.bucket("n").where("n", 1)).items()).hasSize(1);
      assertThat(store.list(Query.bucket("n").where("n", new BigDecimal("1E+2"))).items())
          .hasSize(1);
      assertThat(store.list(Query.bucket("n").where("n", "1")).items()).isEmpty();
    }
  }
}
