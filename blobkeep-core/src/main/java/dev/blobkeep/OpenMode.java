package dev.blobkeep;

/** How {@link Blobs#open(BlobRef, OpenMode)} opens a channel. */
public enum OpenMode {
  /** Reads only; writes fail with {@link java.nio.channels.NonWritableChannelException}. */
  READ,
  /** Reads and writes in place; the size stays fixed unless resized explicitly. */
  READ_WRITE
}
