package dev.blobkeep.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket's input whose every read waits at most the read timeout and never past the deadline: the
 * socket timeout is set before each read. A read that times out, or starts after the deadline,
 * throws {@link SocketTimeoutException}; the caller tells the two apart by the clock.
 */
final class SocketInput extends InputStream {
  private final Socket socket;
  private final InputStream in;
  private final long readTimeoutMillis;
  private final long deadlineAt;

  SocketInput(Socket socket, Duration readTimeout, long deadlineAt) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.readTimeoutMillis = readTimeout.toMillis();
    this.deadlineAt = deadlineAt;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    socket.setSoTimeout(timeoutMillis(readTimeoutMillis, deadlineAt));
    return in.read(b, off, len);
  }

  /**
   * The wait for the next step, at most {@code millis} and at most until the deadline, at least 1
   * ms (0 would mean forever).
   *
   * @throws SocketTimeoutException if the deadline has passed
   */
  static int timeoutMillis(long millis, long deadlineAt) throws SocketTimeoutException {
    long left = deadlineAt - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    long leftMillis = (left + 999_999) / 1_000_000;
    return (int) Math.max(1, Math.min(Math.min(millis, leftMillis), Integer.MAX_VALUE));
  }
}
