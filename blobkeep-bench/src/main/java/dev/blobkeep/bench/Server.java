package dev.blobkeep.bench;

import dev.blobkeep.BlobStore;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * A database server of the {@code pg-*} and {@code mariadb-*} workloads ({@link ServerSmall},
 * {@link ServerLarge}): how blobkeep's store and the plain-row alternative are opened there and
 * removed, and what the report says of them. Made by {@link Pg#server} and {@link Maria#server}.
 *
 * @param name the workloads' prefix: {@code pg} or {@code mariadb}
 * @param store opens blobkeep's store
 * @param alternative the plain-row alternative's name
 * @param rows opens the alternative's table, creating it if needed
 * @param dropAll drops blobkeep's tables and the alternative's
 * @param orderSeed the seed of the small workloads' random orders (plus the round); each server
 *     keeps the one it has always had, so that its rounds visit the blobs as earlier runs did
 * @param storePlace where blobkeep's tables are, for the report
 * @param commitRule what decides how a commit is flushed, for the report
 * @param table the alternative's table and how it is used, for the report
 */
record Server(
    String name,
    Supplier<BlobStore> store,
    String alternative,
    Open<ServerRows> rows,
    Drop dropAll,
    long orderSeed,
    String storePlace,
    String commitRule,
    String table) {

  /** Opens something on the server. */
  interface Open<T> {
    T open() throws SQLException;
  }

  /** Removes what a run left on the server. */
  interface Drop {
    void run() throws SQLException;
  }
}
