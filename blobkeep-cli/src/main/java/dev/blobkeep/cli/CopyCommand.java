package dev.blobkeep.cli;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.CopyListener;
import dev.blobkeep.CopyOptions;
import dev.blobkeep.CopyReport;
import dev.blobkeep.StoreOptions;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code copy --from LOCATION --to LOCATION [--bucket B]...}: {@link BlobStore#copyTo}. */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    description = {
      "Copies every blob of one store into another (SQLite to PostgreSQL, back, or to a cluster),"
          + " each with its id, bucket, key, content type, times and user fields, and every"
          + " bucket. Each blob is read back from the target and checked by SHA-256.",
      "Resumable: a blob the target already holds unchanged is skipped, so after a stop the same"
          + " command copies only the rest. A blob with the same id changed at the target after"
          + " the source's is left as is and fails unless --overwrite. The source is opened"
          + " read-only; the target is created if missing. Prints one summary line; the exit"
          + " status is 1 if any blob failed."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep copy --from blobkeep.db --to 'jdbc:postgresql://db/app?user=app'",
      "  blobkeep copy --from 'jdbc:postgresql://db/app?user=app' --to photos.db \\",
      "      --bucket photos"
    })
final class CopyCommand extends Subcommand {
  @Override
  boolean usesStore() {
    return false;
  }

  @Option(
      names = "--from",
      required = true,
      paramLabel = "LOCATION",
      description = "The store to copy from: a SQLite file, jdbc:sqlite: or jdbc:postgresql: URL.")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "LOCATION",
      description = "The store to copy into, created if missing.")
  String to;

  @Option(
      names = "--bucket",
      paramLabel = "B",
      description = "Copy only this bucket; repeat for more (default: every bucket).")
  List<String> buckets = new ArrayList<>();

  @Option(
      names = "--overwrite",
      description = "Replace blobs changed at the target after the source's last change.")
  boolean overwrite;

  private CopyOptions options;

  @Override
  void check() {
    if (from.equals(to)) {
      throw usageError("--from and --to are the same store: " + from);
    }
    options = CopyOptions.defaults().buckets(buckets).overwrite(overwrite);
  }

  @Override
  void run(Terminal terminal) {
    CopyReport report;
    try (BlobStore source = open("--from", from, StoreOptions.defaults().readOnly(true));
        BlobStore target = open("--to", to, StoreOptions.defaults());
        BlobLog log = new BlobLog(terminal)) {
      report = source.copyTo(target, options.listener(log));
    }
    terminal.println(report.summary());
    if (report.failed() > 0) {
      throw new CommandException(
          report.failed()
              + (report.failed() == 1 ? " blob" : " blobs")
              + " failed (see above); run the same copy again to retry them");
    }
  }

  private static BlobStore open(String option, String location, StoreOptions storeOptions) {
    try {
      return BlobStore.open(location, storeOptions);
    } catch (BlobkeepException e) {
      throw new CommandException(option + " " + location + ": " + e.getMessage());
    }
  }

  /** A failed blob one line on standard error; a progress bar over the bytes. Not thread-safe. */
  private static final class BlobLog implements CopyListener, AutoCloseable {
    /** Back to the start of the line and clear it: the bar continues below the message. */
    private static final String CLEAR_LINE = "\r\033[K";

    private final Terminal terminal;
    private Progress progress;

    BlobLog(Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public void starting(long blobs, long bytes) {
      progress = Progress.start(terminal, "copy " + blobs + " blobs", bytes);
    }

    @Override
    public InputStream reading(BlobInfo blob, InputStream content) {
      return progress.track(content);
    }

    @Override
    public void skipped(BlobInfo blob) {
      progress.advance(blob.size());
    }

    @Override
    public void failed(BlobInfo blob, String reason) {
      terminal.err().print((terminal.interactive() ? CLEAR_LINE : "") + "blobkeep: ");
      terminal.err().println(reason);
    }

    @Override
    public void close() {
      if (progress != null) {
        progress.close();
      }
    }
  }
}
