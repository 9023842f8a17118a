package dev.blobkeep.internal;

import dev.blobkeep.BlobStore;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.Blobs;
import dev.blobkeep.GcReport;
import dev.blobkeep.StoreFormatException;
import dev.blobkeep.StoreNotFoundException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.TransactionBody;
import dev.blobkeep.TransactionConflictException;
import dev.blobkeep.TransactionWork;
import dev.blobkeep.VerifyReport;
import dev.blobkeep.spi.Backend;
import dev.blobkeep.spi.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** A {@link BlobStore} over a {@link Backend}: the pooled operations plus transactions and gc. */
final class Engine extends ReadRouting implements BlobStore {
  private static final int VERIFY_PAGE = 500;

  private final Backend backend;
  private final PooledSession pooled;
  private final StoreOptions options;
  private final String owner;

  /** The session of plain reads when they have a pool of their own, else null. */
  private final PooledSession reads;

  private final Object closeLock = new Object();
  private boolean closed;

  private Engine(Backend backend, PooledSession pooled, PooledSession reads, StoreOptions options) {
    super(pooled, reads, options.chunkSize());
    this.backend = backend;
    this.pooled = pooled;
    this.options = options;
    this.owner = pooled.owner();
    this.reads = reads;
  }

  /**
   * Prepares the schema, registers this store as an upload owner and collects leftovers.
   *
   * @param ownPool true if the store opened the pool itself, so it may keep prepared statements on
   *     its connections
   */
  static Engine start(Backend backend, StoreOptions options, boolean ownPool) {
    // A read-only store is no upload owner: it needs no id (nor SecureRandom's start-up for one).
    String owner = options.readOnly() ? "read-only" : Ids.next();
    PooledSession session =
        session(backend, backend.dataSource(), backend.evict(), owner, options, ownPool, false);
    PooledSession reads =
        backend.readsApart()
            ? session(
                backend,
                backend.readDataSource(),
                backend.readEvict(),
                owner,
                options,
                ownPool,
                true)
            : null;
    Engine engine = new Engine(backend, session, reads, options);
    if (!options.create() || options.readOnly()) {
      int found = session.read("reading the schema version", c -> Schema.version(c, session));
      if (found == 0) {
        throw new StoreNotFoundException(backend.location());
      }
      if (options.readOnly()) {
        checkReadable(session, found);
        return engine; // no DDL, no upgrade, no owner, no gc: nothing that writes
      }
    }
    Schema.prepare(session);
    backend.dialect().owners().register(owner);
    engine.gc();
    return engine;
  }

  /** A session over one of the backend's data sources; read-only if the store or it is. */
  private static PooledSession session(
      Backend backend,
      DataSource dataSource,
      Consumer<Connection> evict,
      String owner,
      StoreOptions options,
      boolean ownPool,
      boolean readsOnly) {
    return new PooledSession(
        dataSource,
        backend.dialect(),
        backend.location(),
        owner,
        options.lockTimeout(),
        options.poolSize(),
        ownPool ? Statements.cached() : Statements.NONE,
        evict,
        readsOnly || options.readOnly());
  }

  /** A read-only open reads only the current schema: it cannot upgrade an older one. */
  private static void checkReadable(Session s, int version) {
    if (version == Schema.CURRENT) {
      return;
    }
    if (version < Schema.CURRENT) {
      throw new StoreFormatException(
          "store "
              + s.location()
              + " has schema version "
              + version
              + " and this blobkeep reads version "
              + Schema.CURRENT
              + "; a read-only open does not upgrade: open it writable once to upgrade it");
    }
    throw new StoreFormatException(
        "store "
            + s.location()
            + " has schema version "
            + version
            + ", made by a newer blobkeep; this one reads up to version "
            + Schema.CURRENT
            + ": upgrade blobkeep to open it");
  }

  /** The store's own session: for a copy into this store, and tests of what it keeps. */
  PooledSession session() {
    return pooled;
  }

  /** The chunk size of new blobs. */
  int chunkSize() {
    return options.chunkSize();
  }

  @Override
  public String location() {
    return backend.location();
  }

  /**
   * Runs the body in a transaction; a {@link TransactionConflictException} from the body or the
   * commit rolls back and, within {@link StoreOptions#transactionRetries()}, runs the body again
   * after a {@link Backoff} pause.
   */
  @Override
  public <T, X extends Exception> T inTransaction(TransactionBody<T, X> body) throws X {
    Objects.requireNonNull(body, "body");
    pooled.checkOpen();
    pooled.checkWritable("running a transaction");
    for (int attempt = 1; ; attempt++) {
      try {
        return runOnce(body);
      } catch (TransactionConflictException e) {
        if (attempt > options.transactionRetries()) {
          throw e;
        }
        Backoff.pause(attempt);
      }
    }
  }

  private <T, X extends Exception> T runOnce(TransactionBody<T, X> body) throws X {
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
        BlobkeepException failure =
            BoundSession.conflictOrTranslate(dialect, e, "committing a transaction", location());
        Transactions.rollback(dialect, c, failure);
        throw failure;
      }
      return result;
    } finally {
      bound.end();
      closeQuietly(c);
    }
  }

  /**
   * A connection with a write transaction begun. A lock conflict at BEGIN (SQLite busy, on a
   * caller's data source without a busy timeout) is retried on the same connection until the lock
   * timeout, after a {@link Backoff} pause: the waiting thread sleeps, it does not spin.
   */
  private Connection beginTransaction() {
    Dialect dialect = backend.dialect();
    long deadline = System.nanoTime() + options.lockTimeout().toNanos();
    Connection c = null;
    for (int attempt = 1; ; attempt++) {
      try {
        if (c == null) {
          c = backend.dataSource().getConnection();
        }
        dialect.begin(c);
        return c;
      } catch (SQLException e) {
        if (!dialect.isRetryable(e) || System.nanoTime() > deadline) {
          if (c != null) {
            closeQuietly(c);
          }
          throw dialect.translate(e, "starting a transaction", location());
        }
        Backoff.pause(attempt);
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
  public Blobs primary() {
    pooled.checkOpen();
    return reads != null ? new Ops(pooled, options.chunkSize()) : this;
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
                return pooled
                    .statements()
                    .with(
                        c,
                        pooled.sql().liveRowsAfter,
                        ps -> {
                          List<BlobRow> out = new ArrayList<>();
                          backend.dialect().setId(ps, 1, from);
                          ps.setInt(2, VERIFY_PAGE);
                          try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                              out.add(BlobRow.read(rs));
                            }
                          }
                          return out;
                        });
              });
      for (BlobRow row : rows) {
        bytes += Verifier.verifyLive(session, row, found);
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
    pooled.checkWritable("collecting garbage (gc)");
    List<String[]> leftovers =
        pooled.read(
            "listing leftovers",
            c ->
                pooled
                    .statements()
                    .with(
                        c,
                        pooled.sql().leftovers,
                        ps -> {
                          List<String[]> out = new ArrayList<>();
                          try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                              out.add(
                                  new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                            }
                          }
                          return out;
                        }));
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
    abandoned += Staging.collect(pooled, options.stagedExpiry());
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
    if (reads != null) {
      reads.close();
    }
    try {
      backend.dialect().owners().release(owner);
    } finally {
      backend.onClose().run();
    }
  }
}
