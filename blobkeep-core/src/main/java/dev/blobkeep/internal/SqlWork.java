package dev.blobkeep.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one connection, inside whatever transaction the session provides. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection c) throws SQLException;
}
