package dev.blobkeep.interop;

import dev.blobkeep.BlobExistsException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.Blobs;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Copies the binary column of a table in another database (PostgreSQL {@code bytea}, SQLite {@code
 * BLOB}, anything with a JDBC driver) into a store, one blob per row, resumably. Immutable and
 * thread-safe; each run works on its own connection and state.
 *
 * <pre>{@code
 * ImportOptions options = ImportOptions.of("part_drawings", "part_id", "drawing").bucket("drawings");
 * ImportReport report = new TableImport(options).run("jdbc:postgresql://db/parts?user=app", store, ImportListener.NONE);
 * }</pre>
 *
 * <p><b>Resumable.</b> Every blob gets two user fields: {@value #SOURCE_FIELD}, {@code
 * <source>#<table>#<id>}, naming the row it came from, and {@value #TABLE_FIELD}, {@code
 * <source>#<table>}, where {@code <source>} is the JDBC URL without passwords ({@link
 * #sourceName(String)}) and {@code <table>} is spelled as in the options. A run first lists the
 * blobs of the table's earlier runs (one {@link Query#where(String, Object)} listing, in any
 * bucket, since user fields are not indexed) and skips their rows, so running an import again,
 * after a failure or after rows were added, stores only what is missing. The same URL must be used
 * each time. Two runs of one import at the same time may store a row twice.
 *
 * <p><b>Per row.</b> A row whose data is NULL is skipped. A row whose key the store refuses, whose
 * key is already taken (an import never replaces a blob; see {@link PutOptions#ifAbsent()}), whose
 * id appears twice, or that is gone by the time it is read fails on its own: the run goes on and
 * counts it. Anything else (the source or the store failing) ends the run with an exception; the
 * rows stored until then stay stored.
 *
 * <p><b>Memory.</b> The store side streams. The source side reads rows through {@link
 * ResultSet#getBinaryStream(int)}, one row at a time, but neither common driver streams a value:
 * pgjdbc (42.x) and sqlite-jdbc (3.x) both read the whole value into one array and return a stream
 * over it. So memory grows with the largest value, not with the table: about its size with
 * sqlite-jdbc and with pgjdbc in binary transfer (which {@link #run(String, Blobs, ImportListener)}
 * asks for), about three times its size with pgjdbc in text transfer (hex text of twice the size,
 * then the bytes). A driver whose stream does read from the server as it goes is used that way.
 *
 * <p><b>Queries.</b> Names are checked and quoted ({@link ImportOptions}); the {@code where}
 * condition is pasted as written. Before any row is read, the table and every column named are
 * looked up on the source; one it lacks ends the run with an {@link ImportException} naming it and
 * the columns there are, with nothing stored. Then three statements: a count of the selected rows
 * and their data length (for progress), a listing of ids and lengths in id order, and, for each row
 * to import, {@code SELECT data, key, meta... WHERE id = ?}. The id column should therefore be
 * unique and indexed (a primary key), or each row costs a scan of the table.
 */
public final class TableImport {
  /** The user field naming the row a blob came from: {@code <source>#<table>#<id>}. */
  public static final String SOURCE_FIELD = "import_source";

  /** The user field naming the table a blob came from: {@code <source>#<table>}. */
  public static final String TABLE_FIELD = "import_table";

  /** Listing rows fetched per round trip where the driver can fetch in pages. */
  private static final int LISTING_FETCH_SIZE = 500;

  private final ImportOptions options;
  private final RowFields fields;

  /**
   * An import of the rows {@code options} select.
   *
   * @param options table, columns, bucket and condition, not null
   */
  public TableImport(ImportOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.fields = new RowFields(options);
  }

  /** {@return the options this import was made with} */
  public ImportOptions options() {
    return options;
  }

  /**
   * The name of a source in {@value #SOURCE_FIELD} and in messages: its JDBC URL without passwords
   * (URL parameters whose name contains {@code password}, and the password of {@code
   * user:password@host}).
   *
   * @param jdbcUrl the source's JDBC URL, not null
   * @return the name
   */
  public static String sourceName(String jdbcUrl) {
    return Sources.name(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
  }

  /**
   * Connects to {@code jdbcUrl} and imports the selected rows into {@code target}. The connection
   * reads in one read-only transaction, at {@code REPEATABLE READ} where the source has it, so the
   * rows are read as of one moment; it is closed at the end.
   *
   * @param jdbcUrl the source database's JDBC URL, credentials included
   * @param target where the blobs go: a store, or a transaction's {@link Blobs}
   * @param listener what hears each row; {@link ImportListener#NONE} for nothing
   * @return what was imported, skipped and failed
   * @throws ImportException naming the source (without password) if it cannot be reached, a query
   *     on it fails, or it lacks the table or a column the options name (then nothing is stored)
   * @throws dev.blobkeep.StoreException if the store fails; rows stored before stay stored
   */
  public ImportReport run(String jdbcUrl, Blobs target, ImportListener listener) {
    String name = sourceName(jdbcUrl);
    Connection source = Sources.connect(jdbcUrl);
    try {
      try {
        Sources.beginReading(source);
      } catch (SQLException e) {
        throw new ImportException(
            "cannot start a read-only transaction on source " + name + ": " + Sources.firstLine(e),
            e);
      }
      return run(source, name, target, listener);
    } finally {
      // Nothing was written: ending the read transaction and closing cannot lose anything, so
      // their failures would only hide the outcome.
      try (source) {
        source.rollback();
      } catch (SQLException e) {
        // ignored, as said above
      }
    }
  }

  /**
   * Imports the selected rows read through the caller's {@code source} connection, used as it is:
   * its auto-commit mode, transaction and isolation are left alone (begin a {@code REPEATABLE READ}
   * transaction first to read as of one moment). The connection is not closed.
   *
   * @param sourceName the source's name in {@value #SOURCE_FIELD}; use the same name on every run
   *     of one import, and no password
   * @param source the caller's connection to the source database
   * @param target where the blobs go: a store, or a transaction's {@link Blobs}
   * @param listener what hears each row; {@link ImportListener#NONE} for nothing
   * @return what was imported, skipped and failed
   * @throws ImportException naming the source if a query on it fails, or if it lacks the table or a
   *     column the options name (then nothing is stored)
   * @throws dev.blobkeep.StoreException if the store fails; rows stored before stay stored
   */
  public ImportReport run(
      Connection source, String sourceName, Blobs target, ImportListener listener) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(listener, "listener");
    Run run = new Run(sourceName, target, listener);
    try {
      run.execute(source);
    } catch (SQLException e) {
      throw SourceColumns.readFailed(options.table(), sourceName, e, "");
    }
    return run.report();
  }

  /** One run's state: the rows already imported and the counts so far. Not thread-safe. */
  private final class Run {
    private final String sourceName;
    private final String tableRef;
    private final Blobs target;
    private final ImportListener listener;
    private final Set<String> done;
    private final Set<String> seen = new HashSet<>();
    private long rows;
    private long imported;
    private long bytes;
    private long alreadyImported;
    private long nullData;
    private long failed;

    Run(String sourceName, Blobs target, ImportListener listener) {
      this.sourceName = sourceName;
      this.tableRef = sourceName + "#" + options.table();
      this.target = target;
      this.listener = listener;
      this.done = importedIds();
    }

    void execute(Connection source) throws SQLException {
      String quote = Sources.identifierQuote(source);
      SourceColumns.check(source, options, quote, sourceName);
      SourceQueries sql = SourceQueries.of(options, quote);
      try (PreparedStatement count = source.prepareStatement(sql.count());
          ResultSet totals = count.executeQuery()) {
        totals.next();
        listener.starting(totals.getLong(1), totals.getLong(2));
      }
      try (PreparedStatement listing =
              source.prepareStatement(
                  sql.listing(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
          PreparedStatement row = source.prepareStatement(sql.row())) {
        listing.setFetchSize(LISTING_FETCH_SIZE);
        try (ResultSet rs = listing.executeQuery()) {
          while (rs.next()) {
            Object idValue = rs.getObject(1);
            long size = rs.getLong(2);
            boolean nullData = rs.wasNull();
            rows++;
            visit(row, idValue, rs.getString(1), size, nullData);
          }
        }
      }
    }

    private void visit(PreparedStatement row, Object idValue, String id, long size, boolean isNull)
        throws SQLException {
      if (id == null) {
        fail("NULL", size, options.idColumn() + " is NULL, so the row cannot be named");
      } else if (!seen.add(id)) {
        fail(
            id, size, options.idColumn() + " " + id + " appears more than once; it must be unique");
      } else if (done.contains(id)) {
        alreadyImported++;
        listener.alreadyImported(id, size);
      } else if (isNull) {
        skipNull(id);
      } else {
        row.setObject(1, idValue);
        try (ResultSet rs = row.executeQuery()) {
          if (!rs.next()) {
            fail(id, size, "the row is gone: it was deleted or changed since the listing");
            return;
          }
          store(rs, id, size);
        }
      }
    }

    private void store(ResultSet rs, String id, long size) throws SQLException {
      InputStream data = rs.getBinaryStream(1);
      if (data == null) {
        skipNull(id);
        return;
      }
      String sourceRef = tableRef + "#" + id;
      BlobInfo blob;
      try (data) {
        PutOptions put;
        try {
          put = fields.of(rs, sourceRef, tableRef);
        } catch (InvalidArgumentException e) {
          fail(id, size, e.getMessage());
          return;
        }
        try (InputStream in = listener.reading(id, data)) {
          blob = target.put(in, put);
        } catch (InvalidArgumentException | BlobExistsException e) {
          fail(id, size, e.getMessage());
          return;
        }
      } catch (IOException e) {
        throw new ImportException(
            "closing the data of " + sourceRef + " failed: " + e.getMessage(), e);
      }
      imported++;
      bytes += blob.size();
      listener.imported(id, blob);
    }

    private void skipNull(String id) {
      nullData++;
      listener.skipped(id, 0, options.dataColumn() + " is NULL");
    }

    private void fail(String id, long size, String reason) {
      failed++;
      listener.failed(id, size, reason);
    }

    /** The ids of the rows earlier runs imported from this table, from one listing. */
    private Set<String> importedIds() {
      Set<String> ids = new HashSet<>();
      String prefix = tableRef + "#";
      Query query =
          Query.all().where(TABLE_FIELD, tableRef).fields(SOURCE_FIELD).limit(Query.MAX_LIMIT);
      Page<BlobInfo> page;
      do {
        page = target.list(query);
        for (BlobInfo blob : page.items()) {
          if (blob.meta(SOURCE_FIELD) instanceof String ref && ref.startsWith(prefix)) {
            ids.add(ref.substring(prefix.length()));
          }
        }
        query = query.after(page.nextCursor());
      } while (page.hasMore());
      return ids;
    }

    ImportReport report() {
      return new ImportReport(rows, imported, bytes, alreadyImported, nullData, failed);
    }
  }
}
