package dev.blobkeep.testkit;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.spi.Backend;
import dev.blobkeep.spi.Dialect;
import dev.blobkeep.spi.DialectProvider;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the contract suites: each test gets a fresh database from {@link #newFixture()} and a
 * store on it with a small chunk size, so that multi-chunk paths are exercised by small blobs.
 */
public abstract class ContractBase {
  /** Chunk size the contract tests use. */
  protected static final int CHUNK = StoreOptions.MIN_CHUNK_SIZE;

  protected StoreFixture fixture;
  protected BlobStore store;

  /** A fresh, empty database for one test. */
  protected abstract StoreFixture newFixture();

  @BeforeEach
  void openStore() {
    fixture = newFixture();
    store = fixture.open(options());
  }

  @AfterEach
  void closeStore() {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  protected StoreOptions options() {
    return StoreOptions.defaults().chunkSize(CHUNK);
  }

  /**
   * The dialect the store uses on the fixture's database, for a test whose expectations depend on
   * one of its choices (how far it reads ahead, whether it tries a blob's row alone).
   */
  protected Dialect dialect() {
    DialectProvider provider =
        ServiceLoader.load(DialectProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.supports(fixture.location()))
            .findFirst()
            .orElseThrow();
    Backend backend = provider.open(fixture.location(), options());
    try {
      return backend.dialect();
    } finally {
      backend.onClose().run();
    }
  }

  /** Runs SQL on the fixture's database, for injecting faults the API cannot cause. */
  protected void sql(String statement) throws SQLException {
    try (Connection c = fixture.connect();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** The single number a SELECT returns. */
  protected long count(String query) throws SQLException {
    try (Connection c = fixture.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  protected long rows(String table) throws SQLException {
    return count("SELECT count(*) FROM " + fixture.table(table));
  }
}
