package dev.blobkeep;

/** Where a {@link BlobChannel#seek(long, Whence)} offset is measured from. */
public enum Whence {
  /** From the first byte of the blob. */
  START,
  /** From the channel's current position. */
  CURRENT,
  /** From the end of the blob (offsets are usually zero or negative). */
  END
}
