package dev.blobkeep.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The process's surroundings as the commands see them: standard input, standard output as raw
 * bytes, standard error, the environment, and whether a person is watching (which turns on progress
 * bars). Tests build one over in-memory streams. Not thread-safe.
 */
final class Terminal {
  private final InputStream in;
  private final OutputStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final boolean interactive;

  /**
   * @param in standard input, read as raw bytes
   * @param out standard output; binary data goes to it unchanged, text as UTF-8
   * @param err standard error, for messages and progress
   * @param env the environment variables the commands read ({@code BLOBKEEP_DB})
   * @param interactive true to show progress bars on {@code err}
   */
  Terminal(
      InputStream in,
      OutputStream out,
      PrintStream err,
      Map<String, String> env,
      boolean interactive) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
    this.interactive = interactive;
  }

  /** The real standard streams; interactive when standard error is a terminal. */
  static Terminal system() {
    OutputStream stdout =
        new BufferedOutputStream(
            new StdoutStream(new FileOutputStream(FileDescriptor.out)), 1 << 16);
    PrintStream stderr =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    return new Terminal(System.in, stdout, stderr, System.getenv(), stderrIsTerminal());
  }

  /**
   * True if file descriptor 2 is a terminal. The JDK has no isatty; on Linux the descriptor's link
   * names the device ({@code /dev/pts/N}, {@code /dev/ttyN}). Elsewhere, fall back to the JDK's
   * console check, which needs standard input and output to be terminals too.
   */
  static boolean stderrIsTerminal() {
    try {
      String target =
          java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  InputStream in() {
    return in;
  }

  /** Standard output for bytes; never closed by commands. */
  OutputStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /** The variable's value, or null if it is unset or empty. */
  String env(String name) {
    String value = env.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  boolean interactive() {
    return interactive;
  }

  /** Writes {@code line} and a newline to standard output as UTF-8. */
  void println(String line) {
    try {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flushes standard output and error. */
  void flush() throws IOException {
    err.flush();
    out.flush();
  }

  /** Standard output that says which stream failed (a closed pipe, a full disk). */
  private static final class StdoutStream extends FilterOutputStream {
    StdoutStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new IOException("cannot write to standard output: " + e.getMessage(), e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw new IOException("cannot write to standard output: " + e.getMessage(), e);
      }
    }
  }
}
