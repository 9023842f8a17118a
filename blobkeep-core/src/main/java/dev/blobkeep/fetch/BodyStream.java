package dev.blobkeep.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an input stream that enforces the fetch's limits: at most {@code maxSize}
 * bytes, at most {@code readTimeout} between pieces, everything before the deadline. It subscribes
 * to the HTTP client's body publisher and asks for one piece at a time, so memory stays bounded.
 *
 * <p>A limit passed, or the connection failing, makes the read throw an {@link IOException} whose
 * cause is a {@link FetchException} naming the request and the problem; the download is cancelled
 * and every later read throws the same. {@link #close()} cancels the download. Reads belong to one
 * thread; the client's threads only deliver pieces.
 */
final class BodyStream extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
  private static final Object END = new Object();

  private final String url;
  private final long maxSize;
  private final FetchOptions options;
  private final long deadlineAt;
  private final BlockingQueue<Object> pieces = new LinkedBlockingQueue<>();
  private final Object lock = new Object();
  private Flow.Subscription subscription; // guarded by lock
  private boolean cancelled; // guarded by lock

  private List<ByteBuffer> current = List.of();
  private int index;
  private long received;
  private boolean done;
  private boolean closed;
  private IOException failure;

  /**
   * @param url the URL answering, for messages
   * @param deadlineAt the {@link System#nanoTime()} by which the body must be complete
   */
  BodyStream(String url, FetchOptions options, long deadlineAt) {
    this.url = url;
    this.options = options;
    this.maxSize = options.maxSize();
    this.deadlineAt = deadlineAt;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    synchronized (lock) {
      if (subscription != null || cancelled) {
        s.cancel();
        return;
      }
      subscription = s;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    pieces.add(item);
  }

  @Override
  public void onError(Throwable t) {
    pieces.add(t);
  }

  @Override
  public void onComplete() {
    pieces.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ByteBuffer buffer = buffer();
    if (buffer == null) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = Math.min(len, buffer.remaining());
    buffer.get(b, off, n);
    return n;
  }

  @Override
  public int available() throws IOException {
    check();
    int n = 0;
    for (int i = index; i < current.size(); i++) {
      n += current.get(i).remaining();
    }
    return n;
  }

  /** Cancels the download if it is not complete. Idempotent. */
  @Override
  public void close() {
    closed = true;
    cancel();
  }

  /** The buffer to read from next, waiting for a piece if needed; null at the end of the body. */
  private ByteBuffer buffer() throws IOException {
    check();
    while (true) {
      while (index < current.size()) {
        ByteBuffer buffer = current.get(index);
        if (buffer.hasRemaining()) {
          return buffer;
        }
        index++;
      }
      if (done) {
        return null;
      }
      Object piece = next();
      if (piece == END) {
        done = true;
      } else if (piece instanceof Throwable t) {
        throw fail(
            "GET " + url + " failed after " + received + " bytes of the body: " + Fetcher.reason(t),
            t);
      } else {
        @SuppressWarnings("unchecked")
        List<ByteBuffer> buffers = (List<ByteBuffer>) piece;
        accept(buffers);
      }
    }
  }

  private void accept(List<ByteBuffer> buffers) throws IOException {
    for (ByteBuffer buffer : buffers) {
      received += buffer.remaining();
    }
    if (received > maxSize) {
      throw fail(
          "GET "
              + url
              + " body is larger than the "
              + maxSize
              + "-byte limit (maxSize); nothing was stored",
          null);
    }
    current = buffers;
    index = 0;
    Flow.Subscription s;
    synchronized (lock) {
      s = subscription;
    }
    s.request(1);
  }

  private Object next() throws IOException {
    long left = deadlineAt - System.nanoTime();
    long wait = Math.min(options.readTimeout().toNanos(), left);
    Object piece;
    try {
      piece = wait <= 0 ? pieces.poll() : pieces.poll(wait, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new InterruptedIOException("GET " + url + " interrupted while reading the body");
    }
    if (piece != null) {
      return piece;
    }
    if (System.nanoTime() - deadlineAt >= 0) {
      throw fail(
          "GET "
              + url
              + " did not finish within the "
              + FetchOptions.describe(options.deadline())
              + " deadline after "
              + received
              + " bytes",
          null);
    }
    throw fail(
        "GET "
            + url
            + " sent no data for "
            + FetchOptions.describe(options.readTimeout())
            + " (readTimeout) after "
            + received
            + " bytes",
        null);
  }

  private IOException fail(String message, Throwable cause) {
    cancel();
    FetchException e =
        cause == null ? new FetchException(message) : new FetchException(message, cause);
    failure = new IOException(message, e);
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

  private void cancel() {
    Flow.Subscription s;
    synchronized (lock) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      s = subscription;
    }
    if (s != null && !done) {
      s.cancel();
    }
  }
}
