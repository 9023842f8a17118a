package dev.blobkeep.fetch;

import dev.blobkeep.fetch.FetchException.Kind;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * A response body as an input stream that enforces the fetch's limits: at most {@code maxSize}
 * bytes, at most {@code readTimeout} between pieces, everything before the deadline. It reads
 * straight from the connection into the caller's buffer, so memory stays bounded.
 *
 * <p>A limit passed, or the connection failing, makes the read throw an {@link IOException} whose
 * cause is a {@link FetchException} naming the request and the problem; the connection is closed
 * and every later read throws the same. {@link #close()} closes the connection. Not thread-safe.
 */
final class BodyStream extends InputStream {
  private final String url;
  private final FetchOptions options;
  private final long deadlineAt;
  private final InputStream framed;
  private final Closeable connection;

  private long received;
  private boolean closed;
  private IOException failure;

  /**
   * @param url the URL answering, for messages
   * @param deadlineAt the {@link System#nanoTime()} by which the body must be complete
   * @param framed the body as framed by the response (it ends where the body ends)
   * @param connection closed at the end of the body, on failure and on {@link #close()}
   */
  BodyStream(
      String url, FetchOptions options, long deadlineAt, InputStream framed, Closeable connection) {
    this.url = url;
    this.options = options;
    this.deadlineAt = deadlineAt;
    this.framed = framed;
    this.connection = connection;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    check();
    if (len == 0) {
      return 0;
    }
    // One byte past the limit is enough to know the body is too large.
    int want = (int) Math.min(len, options.maxSize() - received + 1);
    int n;
    try {
      n = framed.read(b, off, want);
    } catch (SocketTimeoutException e) {
      throw System.nanoTime() - deadlineAt >= 0
          ? fail(
              Kind.TIMEOUT,
              "GET "
                  + url
                  + " did not finish within the "
                  + FetchOptions.describe(options.deadline())
                  + " deadline after "
                  + received
                  + " bytes",
              e)
          : fail(
              Kind.TIMEOUT,
              "GET "
                  + url
                  + " sent no data for "
                  + FetchOptions.describe(options.readTimeout())
                  + " (readTimeout) after "
                  + received
                  + " bytes",
              e);
    } catch (ProtocolViolation e) {
      throw fail(
          Kind.PROTOCOL,
          "GET " + url + " sent an invalid body after " + received + " bytes: " + e.getMessage(),
          e);
    } catch (IOException e) {
      throw fail(
          Kind.CONNECTION_LOST,
          "GET "
              + url
              + " failed after "
              + received
              + " bytes of the body: "
              + PinnedConnection.reason(e),
          e);
    }
    if (n < 0) {
      connection.close();
      return -1;
    }
    received += n;
    if (received > options.maxSize()) {
      throw fail(
          Kind.TOO_LARGE,
          "GET "
              + url
              + " body is larger than the "
              + options.maxSize()
              + "-byte limit (maxSize); nothing was stored",
          null);
    }
    return n;
  }

  /** Closes the connection, ending the download if it is not complete. Idempotent. */
  @Override
  public void close() throws IOException {
    closed = true;
    connection.close();
  }

  private IOException fail(Kind kind, String message, Throwable cause) throws IOException {
    connection.close();
    failure = new IOException(message, new FetchException(kind, message, cause));
    return failure;
  }

  private void check() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (closed) {
      throw new IOException("GET " + url + " body stream is closed");
    }
  }
}
