package dev.blobkeep;

import java.io.InputStream;

/**
 * Hears what {@link BlobStore#copyTo(BlobStore, CopyOptions)} does, blob by blob, on the thread
 * that runs it: for progress bars and logs. Every method does nothing by default. An exception
 * thrown here ends the copy.
 */
public interface CopyListener {
  /** A listener that does nothing. */
  CopyListener NONE = new CopyListener() {};

  /**
   * Called once, before the first blob, with the number of blobs the copy looks at and their total
   * size, counted by a listing of the source just before.
   *
   * @param blobs the number of blobs
   * @param bytes their total size
   */
  default void starting(long blobs, long bytes) {}

  /**
   * Returns the stream a blob's content is copied from; the default returns {@code content}. Called
   * once per blob that is copied, just before, for example to count bytes as they flow.
   *
   * @param blob the source blob about to be copied
   * @param content its content
   * @return the stream copied; it must return exactly the bytes of {@code content}
   */
  default InputStream reading(BlobInfo blob, InputStream content) {
    return content;
  }

  /**
   * The blob was copied and read back from the target with the same SHA-256.
   *
   * @param blob the source blob
   */
  default void copied(BlobInfo blob) {}

  /**
   * The target already holds the blob as the source has it (same id, size, version, times).
   *
   * @param blob the source blob
   */
  default void skipped(BlobInfo blob) {}

  /**
   * The blob was not copied because of a problem of its own, described in one line (a newer blob
   * with its id at the target, content that changed while it was read); the copy goes on.
   *
   * @param blob the source blob
   * @param reason what was wrong, in one line
   */
  default void failed(BlobInfo blob, String reason) {}
}
