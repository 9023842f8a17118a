package dev.blobkeep.interop;

/**
 * What one run of a {@link TableImport} did. Every row the listing selected is counted exactly
 * once: {@code rows == imported + skipped() + failed}.
 *
 * @param rows rows the listing selected
 * @param imported rows stored as new blobs by this run
 * @param bytes the total size of the blobs this run stored
 * @param alreadyImported rows skipped because a blob in the store already came from them
 * @param nullData rows skipped because their data column is NULL
 * @param failed rows not imported because of a problem of their own (a bad key, a key already
 *     taken, a duplicate id, a row gone since the listing); running again retries them
 */
public record ImportReport(
    long rows, long imported, long bytes, long alreadyImported, long nullData, long failed) {

  /**
   * {@return the number of rows neither imported nor failed}: already imported, or with NULL data.
   */
  public long skipped() {
    return alreadyImported + nullData;
  }
}
