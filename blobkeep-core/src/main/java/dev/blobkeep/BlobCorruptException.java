package dev.blobkeep;

/**
 * Stored bytes failed their integrity check: a chunk the store records as stored is missing, a
 * chunk row sits where none should be, a chunk's CRC32C does not match (its bytes changed, or the
 * row was moved from another blob or index), or a chunk is malformed. Never returned as silent
 * bytes or zeros; the message names the blob (id, and bucket/key when known) and the chunk.
 */
public class BlobCorruptException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, naming blob and chunk
   */
  public BlobCorruptException(String message) {
    super(message);
  }
}
