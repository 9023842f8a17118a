package dev.blobkeep.internal;

import dev.blobkeep.BlobStore;
import dev.blobkeep.Blobs;
import dev.blobkeep.GcReport;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.TransactionBody;
import dev.blobkeep.TransactionWork;
import dev.blobkeep.VerifyReport;
import dev.blobkeep.spi.Backend;
import dev.blobkeep.spi.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A {@link BlobStore} over a {@link Backend}: the pooled operations plus transactions and gc. */
final class Engine extends Ops implements BlobStore {
  private static final int VERIFY_PAGE = 500;

  private final Backend backend;
  private final PooledSession pooled;
  private final StoreOptions options;
  private final String owner;
  private final Object closeLock = new Object();
  private boolean closed;

  private Engine(Backend backend, PooledSession pooled, StoreOptions options) {
    super(pooled, options.chunkSize());
    this.backend = backend;
    this.pooled = pooled;
    this.options = options;
    this.owner = pooled.owner();
  }

  /**
   * Prepares the schema, registers this store as an upload owner and collects leftovers.
   *
   * @param ownPool true if the store opened the pool itself, so it may keep prepared statements on
   *     its connections
   */
  static Engine start(Backend backend, StoreOptions options, boolean ownPool) {
    String owner = Ids.next();
    PooledSession session =
        new PooledSession(
            backend.dataSource(),
            backend.dialect(),
            backend.location(),
            owner,
            options.lockTimeout(),
            options.poolSize(),
            ownPool ? Statements.cached() : Statements.NONE,
            backend.evict());
    Engine engine = new Engine(backend, session, options);
    Schema.prepare(session);
    backend.dialect().owners().register(owner);
    engine.gc();
    return engine;
  }

  @Override
  public String location() {
    return backend.location();
  }

  @Override
  public <T, X extends Exception> T inTransaction(TransactionBody<T, X> body) throws X {
    Objects.requireNonNull(body, "body");
    pooled.checkOpen();
    Dialect dialect = backend.dialect();
    Connection c = beginTransaction();
    BoundSession bound = new BoundSession(c, pooled, false);
    try {
      T result;
      try {
        result = body.run(new Ops(bound, options.chunkSize()));
      } catch (Throwable t) {
        Transactions.rollback(dialect, c, t);
        throw t;
      }
      try {
        dialect.commit(c);
      } catch (SQLException e) {
        throw dialect.translate(e, "committing a transaction", location());
      }
      return result;
    } finally {
      bound.end();
      closeQuietly(c);
    }
  }

  private Connection beginTransaction() {
    Dialect dialect = backend.dialect();
    long deadline = System.nanoTime() + options.lockTimeout().toNanos();
    while (true) {
      Connection c = null;
      try {
        c = backend.dataSource().getConnection();
        dialect.begin(c);
        return c;
      } catch (SQLException e) {
        if (c != null) {
          closeQuietly(c);
        }
        if (!dialect.isRetryable(e) || System.nanoTime() > deadline) {
          throw dialect.translate(e, "starting a transaction", location());
        }
        Thread.onSpinWait();
      }
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the pool discards a connection it cannot reset
    }
  }

  @Override
  public <X extends Exception> void useTransaction(TransactionWork<X> work) throws X {
    Objects.requireNonNull(work, "work");
    inTransaction(
        tx -> {
          work.run(tx);
          return null;
        });
  }

  @Override
  public Blobs on(Connection connection) {
    Objects.requireNonNull(connection, "connection");
    pooled.checkOpen();
    return new Ops(new BoundSession(connection, pooled, true), options.chunkSize());
  }

  @Override
  public VerifyReport verifyAll() {
    Verifier.Findings found = new Verifier.Findings();
    long blobs = 0;
    long bytes = 0;
    String after = "00000000-0000-0000-0000-000000000000";
    while (true) {
      String from = after;
      List<BlobRow> rows =
          pooled.read(
              "listing blobs to verify",
              c -> {
                List<BlobRow> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(pooled.sql().liveRowsAfter)) {
                  backend.dialect().setId(ps, 1, from);
                  ps.setInt(2, VERIFY_PAGE);
                  try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                      out.add(BlobRow.read(rs));
                    }
                  }
                }
                return out;
              });
      for (BlobRow row : rows) {
        bytes += verifyRow(row, found);
        blobs++;
      }
      if (rows.size() < VERIFY_PAGE) {
        break;
      }
      after = rows.get(rows.size() - 1).id();
    }
    return Verifier.report(blobs, bytes, found);
  }

  @Override
  public GcReport gc() {
    pooled.checkOpen();
    List<String[]> leftovers =
        pooled.read(
            "listing leftovers",
            c -> {
              List<String[]> out = new ArrayList<>();
              try (PreparedStatement ps = c.prepareStatement(pooled.sql().leftovers);
                  ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
              }
              return out;
            });
    long abandoned = 0;
    long deleted = 0;
    long chunks = 0;
    for (String[] row : leftovers) {
      boolean pending = Sql.PENDING.equals(row[1]);
      if (pending && row[2] != null && backend.dialect().owners().isAlive(row[2])) {
        continue;
      }
      chunks += Purge.blob(pooled, row[0]);
      if (pending) {
        abandoned++;
      } else {
        deleted++;
      }
    }
    return new GcReport(abandoned, deleted, chunks);
  }

  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    pooled.close();
    try {
      backend.dialect().owners().release(owner);
    } finally {
      backend.onClose().run();
    }
  }
}
