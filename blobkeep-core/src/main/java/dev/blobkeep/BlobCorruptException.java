package dev.blobkeep;

/**
 * Stored bytes failed their integrity check: a chunk's CRC32C did not match, or a chunk is
 * malformed. Never returned as silent bytes; the message names the blob and the chunk.
 */
public class BlobCorruptException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  public BlobCorruptException(String message) {
    super(message);
  }
}
