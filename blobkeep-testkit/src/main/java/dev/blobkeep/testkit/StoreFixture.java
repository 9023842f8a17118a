package dev.blobkeep.testkit;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * One empty database for one test: a new SQLite file ({@link SqliteFixture}), a new PostgreSQL
 * schema ({@link PgFixture}). Closing it removes the database.
 */
public interface StoreFixture extends AutoCloseable {

  /** Opens a store on this fixture's database (each call a new store on the same data). */
  BlobStore open(StoreOptions options);

  /**
   * Opens a store on this fixture's database through {@code dataSource}, whose connections must be
   * ones {@link #connect()} makes (for example an {@link InterposedDataSource}).
   */
  default BlobStore open(DataSource dataSource, StoreOptions options) {
    return BlobStore.open(dataSource, options);
  }

  /** The location string that {@link BlobStore#open(String)} accepts for this database. */
  String location();

  /**
   * A plain JDBC connection to the same database, in auto-commit mode, with unqualified table names
   * resolving where the store's tables and the caller's own tables live.
   */
  Connection connect() throws SQLException;

  /** Qualified name of a store table: {@code blobs}, {@code chunks} or {@code settings}. */
  String table(String name);

  /**
   * The statement that drops index {@code index} of store table {@code table}: {@code DROP INDEX}
   * with the index qualified like the tables, where indexes live in the schema (SQLite,
   * PostgreSQL).
   */
  default String dropIndex(String index, String table) {
    String qualified = table(table);
    return "DROP INDEX "
        + qualified.substring(0, qualified.length() - ("blobkeep_" + table).length())
        + index;
  }

  /**
   * Rows of the blobs table that are not {@code ready}: uploads pending, blobs deleted or replaced
   * whose purge has not finished. 0 once every operation has settled and gc has run.
   */
  default long rowsNotReady() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM " + table("blobs") + " WHERE state <> 'ready'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Waits, after killing worker processes and while no store of this JVM is open, until the
   * database counts every upload owner dead, so that the next open collects their leftovers. SQLite
   * file locks end with the process: nothing to wait for.
   */
  default void awaitDeadOwners() {}

  @Override
  void close();
}
