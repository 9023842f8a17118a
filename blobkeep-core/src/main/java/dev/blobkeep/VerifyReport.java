package dev.blobkeep;

import java.util.List;

/**
 * The outcome of {@link Blobs#verify(BlobRef)} or {@link BlobStore#verifyAll()}: every chunk's
 * CRC32C and every blob's SHA-256 recomputed from the stored bytes.
 *
 * @param blobsChecked how many blobs were read
 * @param bytesChecked how many content bytes were read
 * @param problems one entry per problem found, empty when everything is intact
 */
public record VerifyReport(long blobsChecked, long bytesChecked, List<Problem> problems) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** True if no problem was found. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * One integrity problem.
   *
   * @param blobId the blob
   * @param chunk the chunk index, or -1 for a whole-blob problem (SHA-256 mismatch)
   * @param message what is wrong, with the values involved
   */
  public record Problem(String blobId, long chunk, String message) {
    @Override
    public String toString() {
      return message;
    }
  }
}
