package dev.blobkeep.spi;

/**
 * How a blob's row is read together with its first chunk, which is inline in the row for a small
 * blob and a row of the chunks table otherwise ({@link Dialect#firstChunkRead}).
 */
public enum FirstChunkRead {
  /**
   * Two correlated subqueries (bytes and CRC) that run only when the chunk is not inline: for a
   * database that does not plan a subquery it does not run (SQLite). The default.
   */
  SUBQUERIES,

  /**
   * A {@code LEFT JOIN} of the chunks table on its primary key: for a database that plans every
   * subquery of a statement at each execution, whether it runs or not (MariaDB).
   */
  JOIN,

  /**
   * One {@code LEFT JOIN LATERAL} subquery gated on the row's inline CRC being NULL: for a database
   * that skips a subquery whose gate on the outer row is false (PostgreSQL's one-time filter), so
   * the chunks table is searched once for a blob that is not inline and never for one that is.
   */
  LATERAL
}
