package dev.blobkeep;

import java.util.List;

/**
 * The outcome of {@link Blobs#verify(BlobRef)} or {@link BlobStore#verifyAll()}: for every blob,
 * each chunk the store records as stored is there, under its own blob and index, with a matching
 * CRC32C; no chunk row is stored that the blob's chunk map says is absent; and the blob's SHA-256
 * recomputed from the stored bytes matches the recorded one. A blob whose SHA-256 was stale (after
 * an allocate or an in-place write) gets it recomputed, never skipped, and a {@link Note} says so.
 *
 * @param blobsChecked how many blobs were read
 * @param bytesChecked how many content bytes were read
 * @param problems one entry per problem found, empty when everything is intact
 * @param notes what verify did besides checking (a stale SHA-256 recomputed), one entry each
 */
public record VerifyReport(
    long blobsChecked, long bytesChecked, List<Problem> problems, List<Note> notes) {
  /**
   * A report; the lists are copied, and unmodifiable.
   *
   * @param blobsChecked how many blobs were read
   * @param bytesChecked how many content bytes were read
   * @param problems one entry per problem found
   * @param notes what verify did besides checking
   */
  public VerifyReport {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  /**
   * A report without notes.
   *
   * @param blobsChecked how many blobs were read
   * @param bytesChecked how many content bytes were read
   * @param problems one entry per problem found, empty when everything is intact
   */
  public VerifyReport(long blobsChecked, long bytesChecked, List<Problem> problems) {
    this(blobsChecked, bytesChecked, problems, List.of());
  }

  /** {@return true if no problem was found} */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * One integrity problem.
   *
   * @param blobId the blob
   * @param chunk the chunk index, or -1 for a whole-blob problem (SHA-256 mismatch)
   * @param message what is wrong, naming the blob (id, and bucket/key if it has a key), the chunk
   *     and the values involved
   */
  public record Problem(String blobId, long chunk, String message) {
    @Override
    public String toString() {
      return message;
    }
  }

  /**
   * Something verify did that is not a problem, such as recomputing a stale SHA-256.
   *
   * @param blobId the blob
   * @param message what was done, naming the blob (id, and bucket/key if it has a key)
   */
  public record Note(String blobId, String message) {
    @Override
    public String toString() {
      return message;
    }
  }
}
