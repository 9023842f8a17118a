package dev.blobkeep.cli;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on standard error for one transfer, drawn only when a person is watching ({@link
 * Terminal#interactive()}) and the transfer passes {@value #THRESHOLD} bytes; otherwise it prints
 * nothing. Redraws at most ten times a second. Not thread-safe.
 */
final class Progress implements AutoCloseable {
  /** Transfers up to this many bytes finish too fast to need a bar. */
  static final long THRESHOLD = 4L << 20;

  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 24;

  private final PrintStream err;
  private final String label;
  private final long total;
  private final long started = System.nanoTime();
  private long done;
  private long lastDrawn;
  private int lastWidth;
  private boolean shown;

  private Progress(PrintStream err, String label, long total) {
    this.err = err;
    this.label = label;
    this.total = total;
  }

  /**
   * A bar for a transfer of {@code total} bytes, or -1 if unknown.
   *
   * @param label what moves, such as {@code put cat.png}
   */
  static Progress start(Terminal terminal, String label, long total) {
    return new Progress(terminal.interactive() ? terminal.err() : null, label, total);
  }

  /** {@code in}, counting the bytes read from it. */
  InputStream track(InputStream in) {
    if (err == null) {
      return in;
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        advance(b < 0 ? 0 : 1);
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        advance(Math.max(n, 0));
        return n;
      }
    };
  }

  /** {@code out}, counting the bytes written to it. */
  OutputStream track(OutputStream out) {
    if (err == null) {
      return out;
    }
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        advance(1);
      }

      @Override
      public void write(byte[] buf, int off, int len) throws IOException {
        out.write(buf, off, len);
        advance(len);
      }
    };
  }

  /** Counts {@code n} more bytes moved. */
  void advance(long n) {
    done += n;
    if (err == null || (total <= THRESHOLD && done <= THRESHOLD)) {
      return;
    }
    long now = System.nanoTime();
    if (!shown || now - lastDrawn >= REDRAW_NANOS) {
      draw(now);
    }
  }

  /** Draws the final state and ends the line, if the bar was shown. */
  @Override
  public void close() {
    if (shown) {
      draw(System.nanoTime());
      err.println();
      err.flush();
    }
  }

  private void draw(long now) {
    shown = true;
    lastDrawn = now;
    double seconds = Math.max((now - started) / 1e9, 1e-3);
    String rate = Sizes.human((long) (done / seconds)) + "/s";
    String line;
    if (total > 0) {
      int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
      line =
          String.format(
              Locale.ROOT,
              "%s [%s%s] %3d%% %s / %s %s",
              label,
              "#".repeat(filled),
              "-".repeat(BAR_WIDTH - filled),
              Math.min(100, done * 100 / total),
              Sizes.human(done),
              Sizes.human(total),
              rate);
    } else {
      line = label + " " + Sizes.human(done) + " " + rate;
    }
    err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
    err.flush();
    lastWidth = line.length();
  }
}
