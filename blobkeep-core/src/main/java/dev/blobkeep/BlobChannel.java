package dev.blobkeep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Incremental I/O on one stored blob (SQLite's blob handle, on every backend): read, seek, tell and
 * write in place. From {@link Blobs#open(BlobRef, OpenMode)}.
 *
 * <p>The size is fixed: a write that would pass the end throws and writes nothing, unless the blob
 * is resized explicitly ({@link #resize(long)}, or {@link #truncate(long)} to shrink). Positions
 * outside {@code [0, size]} are refused. Reading at the end returns -1.
 *
 * <p>Each write is atomic and durable when it returns, unless the channel was opened inside a
 * transaction, in which case it commits with that transaction. A write is one database transaction
 * however large its buffer, so it holds the database's write lock while its bytes are stored (only
 * then: the position and bounds are checked first); memory stays bounded by one chunk, whatever the
 * buffer's size or kind (direct buffers are not copied whole). Write a few MiB at a time when other
 * writers must not wait long. If the blob is deleted, replaced or resized by someone else while the
 * channel is open, the next call throws an {@link IOException} caused by {@link
 * BlobExpiredException} that says which blob and what happened.
 *
 * <p>{@link #close()} is idempotent; any other call after it throws {@link
 * java.nio.channels.ClosedChannelException}. Instances are safe for use by several threads (calls
 * are serialized), but a position shared between threads is rarely what anyone wants.
 */
public interface BlobChannel extends SeekableByteChannel {

  /** {@return the id of the blob this channel is on} */
  String blobId();

  /** {@return the mode the channel was opened with} */
  OpenMode mode();

  /**
   * Reads exactly {@code len} bytes into {@code buf} at {@code off} and advances the position.
   *
   * @param buf the array read into
   * @param off where in {@code buf} the first byte goes
   * @param len how many bytes are read
   * @throws java.io.EOFException naming the position and size if fewer than {@code len} bytes
   *     remain; nothing is read and the position is unchanged
   */
  void readInto(byte[] buf, int off, int len) throws IOException;

  /**
   * Reads exactly {@code len} bytes at {@code position} into {@code buf} at {@code off}, leaving
   * the channel's position where it was: a seek and a {@link #readInto(byte[], int, int)} in one
   * call, so random reads cost one database statement each where the bytes lie in one chunk (a seek
   * alone must ask the database for the current size).
   *
   * @param position the blob offset of the first byte read
   * @param buf the array read into
   * @param off where in {@code buf} the first byte goes
   * @param len how many bytes are read
   * @throws IllegalArgumentException if {@code position < 0}
   * @throws java.io.EOFException naming the position and size if fewer than {@code len} bytes
   *     follow {@code position}; nothing is read
   */
  void readInto(long position, byte[] buf, int off, int len) throws IOException;

  /**
   * Reads up to {@code max} bytes from the position; returns an empty array at the end.
   *
   * @param max most bytes read
   * @return the bytes read, a new array of at most {@code max} bytes
   * @throws IllegalArgumentException if {@code max < 0}
   * @throws java.nio.channels.ClosedChannelException if the channel is closed
   * @throws IOException if the blob is gone or changed (caused by {@link BlobExpiredException}) or
   *     the store fails
   */
  byte[] read(int max) throws IOException;

  /**
   * Moves the position to {@code offset} measured from {@code whence} and returns the new position.
   *
   * @param offset the distance in bytes from {@code whence}, negative to move back
   * @param whence what {@code offset} is measured from
   * @return the new position
   * @throws IllegalArgumentException naming offset, whence, size if the result is outside [0,
   *     size]; the position is unchanged
   * @throws java.nio.channels.ClosedChannelException if the channel is closed
   * @throws IOException if the blob is gone or changed (caused by {@link BlobExpiredException}) or
   *     the store fails
   */
  long seek(long offset, Whence whence) throws IOException;

  /**
   * {@return the position}, as {@link #position()}
   *
   * @throws java.nio.channels.ClosedChannelException if the channel is closed
   * @throws IOException if the store fails
   */
  long tell() throws IOException;

  /**
   * Writes all of {@code src} at the position and advances it, or throws and writes nothing if the
   * bytes would pass the end.
   */
  @Override
  int write(ByteBuffer src) throws IOException;

  /**
   * Writes all of {@code bytes}, as {@link #write(ByteBuffer)}.
   *
   * @param bytes the bytes written
   * @throws java.nio.channels.ClosedChannelException if the channel is closed
   * @throws IOException if the blob is gone or changed (caused by {@link BlobExpiredException}) or
   *     the store fails
   */
  void write(byte[] bytes) throws IOException;

  /**
   * Changes the blob's size: growing adds zeros in O(1) time and space, shrinking drops the tail.
   * The position is clamped to the new size. Requires {@link OpenMode#READ_WRITE}.
   *
   * @param newSize the size in bytes afterwards
   * @throws IllegalArgumentException if {@code newSize < 0}
   * @throws java.nio.channels.ClosedChannelException if the channel is closed
   * @throws IOException if the blob is gone or changed (caused by {@link BlobExpiredException}) or
   *     the store fails
   */
  void resize(long newSize) throws IOException;

  /**
   * Moves this channel onto another blob, at position 0, keeping its mode. The old blob needs no
   * closing. The entity tag a channel may have been opened with ({@link Blobs#open(BlobRef,
   * OpenMode, String)}) named the old blob: writes to the new one are not guarded.
   *
   * @param ref the blob the channel moves to, by id or by bucket and key
   * @throws IOException caused by {@link BlobNotFoundException} if no blob matches, or if the store
   *     fails
   */
  void reopen(BlobRef ref) throws IOException;

  /** {@return a stream view reading from the position}; closing it closes this channel. */
  InputStream asInputStream();

  /**
   * A stream view writing at the position; closing it closes this channel. Bytes are buffered up to
   * the next chunk boundary and written (one in-place write, one commit) when the buffer reaches
   * it, on {@link OutputStream#flush()} and on {@link OutputStream#close()}: many small writes cost
   * one commit per chunk, not one each. Until then they are not stored and the channel's position
   * does not include them; flush before using the channel directly. A write that would pass the end
   * throws an {@link IOException} at once and buffers nothing of its own bytes.
   *
   * @return the stream, which the caller closes
   */
  OutputStream asOutputStream();
}
