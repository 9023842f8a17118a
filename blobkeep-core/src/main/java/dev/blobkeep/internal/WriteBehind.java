package dev.blobkeep.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An output stream that writes to a file on a thread of its own, so that a download reads the next
 * chunk from the database while the last one is written: on two cores a 1 GiB get into a file spent
 * about as long reading as writing, one after the other.
 *
 * <p>It takes the arrays it is given instead of copying them: the caller must not change an array
 * once it has written it ({@link BlobInputStream#writeTo} hands over chunks as read, which nothing
 * changes, and a run of zeros it only ever refills with zeros). At most {@value #PENDING} writes
 * wait for the thread at a time, so memory stays within a few chunks whatever the blob's size. A
 * write that failed on the thread fails the next {@link #write} or {@link #close}; {@link #close}
 * waits until every byte is in the file (not forced to the device) or the first failure. {@link
 * #abort} stops the thread without writing the rest. Used by one thread at a time; the channel is
 * the caller's to close, after {@link #close} or {@link #abort} returned.
 */
final class WriteBehind extends OutputStream {
  /** Writes queued for the thread at most. */
  static final int PENDING = 2;

  /** The queue's end: no more writes. */
  private static final byte[] END = new byte[0];

  private record Slice(byte[] bytes, int offset, int length) {}

  private final FileChannel channel;
  private final BlockingQueue<Slice> queue = new ArrayBlockingQueue<>(PENDING);
  private final Thread thread;
  private volatile IOException failure;

  /** Set by {@link #abort}: the thread stops where it is, and {@link #close} fails. */
  private volatile boolean aborted;

  /** Set by the thread when it has written everything up to the end: what {@link #close} needs. */
  private volatile boolean finished;

  private boolean closed;

  WriteBehind(FileChannel channel, String name) {
    this.channel = channel;
    this.thread = new Thread(this::drain, "blobkeep-write-behind " + name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream is closed");
    }
    if (len == 0) {
      return;
    }
    hand(new Slice(b, off, len));
  }

  /**
   * Waits until every byte written is in the file and the thread has ended.
   *
   * @throws IOException the thread's failure, or if the stream was aborted or the thread ended
   *     before the end of the file
   */
  @Override
  public void close() throws IOException {
    if (aborted) {
      throw new IOException("stream was aborted: the file is incomplete");
    }
    if (!closed) {
      closed = true;
      hand(new Slice(END, 0, 0));
      join();
    }
    rethrow();
    if (!finished) {
      throw new IOException("the writing thread ended before the end of the file");
    }
  }

  /**
   * Stops the thread without writing what is still queued, and waits for it: after a failure of the
   * reading side, before the caller removes the file. The thread's own failure, if any, is dropped.
   */
  void abort() {
    closed = true;
    aborted = true;
    queue.clear();
    boolean interrupted = false;
    while (thread.isAlive()) {
      thread.interrupt();
      try {
        thread.join(100);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void hand(Slice slice) throws IOException {
    rethrow();
    try {
      while (!queue.offer(slice, 100, TimeUnit.MILLISECONDS)) {
        rethrow(); // the thread failed and takes nothing more
        if (!thread.isAlive()) {
          throw new IOException("the writing thread ended before the end of the file");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
      throw new InterruptedIOException("interrupted while writing");
    }
  }

  private void join() throws IOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
      throw new InterruptedIOException("interrupted while waiting for the file's last writes");
    }
  }

  private void rethrow() throws IOException {
    IOException e = failure;
    if (e != null) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private void drain() {
    try {
      while (!aborted) {
        Slice s = queue.take();
        if (s.bytes() == END) {
          finished = true;
          return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(s.bytes(), s.offset(), s.length());
        while (buffer.hasRemaining() && !aborted) {
          channel.write(buffer);
        }
      }
    } catch (InterruptedException e) {
      // abort(): stop where we are
    } catch (IOException e) {
      if (!aborted) {
        failure = e;
      }
    } catch (RuntimeException | Error e) {
      // never end quietly: close() would report the file complete
      failure = new IOException("writing the file failed: " + e, e);
    }
  }
}
