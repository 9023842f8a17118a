package dev.blobkeep.cli;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.interop.ImportListener;
import dev.blobkeep.interop.ImportOptions;
import dev.blobkeep.interop.ImportReport;
import dev.blobkeep.interop.TableImport;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code import JDBC_URL --table T --id-column C --data-column D}: copies each row's binary column
 * into a new blob, over {@link TableImport}.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Copies each row's binary column (PostgreSQL bytea, SQLite BLOB) from a table of another"
          + " database into a new blob.",
      "Resumable: every blob keeps its row in user fields import_source (URL#TABLE#ID, the URL"
          + " without password) and import_table, and running the same import again imports only"
          + " rows not imported yet. Rows whose data is NULL are skipped. A row the store refuses"
          + " (a bad or taken key) fails alone; the rest go on, and the exit status is 1. Prints"
          + " one summary line. Names are matched exactly as the source stores them.",
      "--where is SQL pasted into the query on the source as written: only conditions you would"
          + " run there yourself. The source is read in a read-only transaction."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep import 'jdbc:postgresql://db/shop?user=app' --table part_drawings \\",
      "      --id-column part_id --data-column drawing --meta-columns file_extension",
      "  blobkeep import jdbc:sqlite:legacy.db --table files --id-column id \\",
      "      --data-column body --bucket legacy --key-column path \\",
      "      --where \"created > '2024-01-01'\""
    })
final class ImportCommand extends StoreCommand {
  @Parameters(
      index = "0",
      paramLabel = "JDBC_URL",
      description = "The source database: a jdbc:postgresql:, jdbc:mariadb: or jdbc:sqlite: URL.")
  String source;

  @Option(
      names = "--table",
      required = true,
      paramLabel = "T",
      description = "The table, or SCHEMA.TABLE.")
  String table;

  @Option(
      names = "--id-column",
      required = true,
      paramLabel = "C",
      description = "The column that identifies a row: unique, best a primary key.")
  String idColumn;

  @Option(
      names = "--data-column",
      required = true,
      paramLabel = "D",
      description = "The binary column to store.")
  String dataColumn;

  @Option(names = "--bucket", paramLabel = "B", description = "Bucket (default: default).")
  String bucket;

  @Option(
      names = "--key-column",
      paramLabel = "K",
      description = "The column whose text is each blob's key (default: no keys).")
  String keyColumn;

  @Option(
      names = "--meta-columns",
      split = ",",
      paramLabel = "COLUMN",
      description = "Columns copied into user fields of the same names (strings and numbers).")
  List<String> metaColumns = new ArrayList<>();

  @Option(
      names = "--where",
      paramLabel = "SQL",
      description = "Only rows for which this SQL condition holds on the source.")
  String where;

  private ImportOptions options;

  @Override
  void check() {
    try {
      ImportOptions checked = ImportOptions.of(table, idColumn, dataColumn);
      if (bucket != null) {
        checked = checked.bucket(bucket);
      }
      options = checked.keyColumn(keyColumn).metaColumns(metaColumns).where(where);
    } catch (InvalidArgumentException e) {
      throw usageError(e.getMessage());
    }
  }

  @Override
  void run(BlobStore store, Terminal terminal) {
    ImportReport report;
    try (RowLog log = new RowLog(terminal, options)) {
      report = new TableImport(options).run(source, store, log);
    }
    terminal.println(summary(report));
    if (report.failed() > 0) {
      throw new CommandException(
          report.failed()
              + " of "
              + report.rows()
              + (report.rows() == 1 ? " row" : " rows")
              + " failed (see above); fix them and run the same import again: it imports only"
              + " the rows still missing");
    }
  }

  /**
   * {@code 4 rows: 3 imported (1.2 MiB), 1 skipped (1 already imported, 0 with NULL drawing), 0
   * failed}.
   */
  private String summary(ImportReport report) {
    return report.rows()
        + (report.rows() == 1 ? " row: " : " rows: ")
        + report.imported()
        + " imported ("
        + Sizes.human(report.bytes())
        + "), "
        + report.skipped()
        + " skipped ("
        + report.alreadyImported()
        + " already imported, "
        + report.nullData()
        + " with NULL "
        + options.dataColumn()
        + "), "
        + report.failed()
        + " failed";
  }

  /**
   * Reports rows that fail or are skipped for a reason one line each on standard error, and moves
   * the progress bar. Not thread-safe.
   */
  private static final class RowLog implements ImportListener, AutoCloseable {
    /** Back to the start of the line and clear it: the bar continues below the message. */
    private static final String CLEAR_LINE = "\r\033[K";

    private final Terminal terminal;
    private final ImportOptions options;
    private Progress progress;
    private long rowBytes;

    RowLog(Terminal terminal, ImportOptions options) {
      this.terminal = terminal;
      this.options = options;
    }

    @Override
    public void starting(long rows, long bytes) {
      progress = Progress.start(terminal, "import " + options.table(), bytes);
    }

    @Override
    public InputStream reading(String id, InputStream data) {
      rowBytes = 0;
      return progress.track(
          new FilterInputStream(data) {
            @Override
            public int read() throws IOException {
              int b = super.read();
              rowBytes += b < 0 ? 0 : 1;
              return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
              int n = super.read(buf, off, len);
              rowBytes += Math.max(n, 0);
              return n;
            }
          });
    }

    @Override
    public void imported(String id, BlobInfo blob) {
      rowBytes = 0;
    }

    @Override
    public void alreadyImported(String id, long size) {
      progress.advance(size);
    }

    @Override
    public void skipped(String id, long size, String reason) {
      say(id, "skipped: " + reason);
      progress.advance(size);
    }

    @Override
    public void failed(String id, long size, String reason) {
      say(id, "failed: " + reason);
      // Bytes already read for this row moved the bar; count only the rest.
      progress.advance(Math.max(0, size - rowBytes));
      rowBytes = 0;
    }

    private void say(String id, String what) {
      String row = "row " + options.idColumn() + "=" + id + " of " + options.table();
      terminal.err().print((terminal.interactive() ? CLEAR_LINE : "") + "blobkeep: ");
      terminal.err().println(visible(row + " " + what));
    }

    /** {@code text} on one line: control characters (a newline in a key) shown as escapes. */
    private static String visible(String text) {
      StringBuilder out = new StringBuilder(text.length());
      text.chars()
          .forEach(
              c ->
                  out.append(
                      c < 0x20 || c == 0x7f
                          ? String.format(Locale.ROOT, "\\u%04x", c)
                          : String.valueOf((char) c)));
      return out.toString();
    }

    @Override
    public void close() {
      if (progress != null) {
        progress.close();
      }
    }
  }
}
