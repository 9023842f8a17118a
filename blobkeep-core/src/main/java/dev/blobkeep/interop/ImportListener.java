package dev.blobkeep.interop;

import dev.blobkeep.BlobInfo;
import java.io.InputStream;

/**
 * Hears what a {@link TableImport} does, row by row, on the thread that runs it: for progress bars
 * and logs. Every method does nothing by default. An exception thrown here ends the import.
 *
 * <p>Rows are named by the text of their id column. Sizes are the data's length as the source
 * reports it ({@code length(column)}), 0 for NULL.
 */
public interface ImportListener {
  /** A listener that does nothing. */
  ImportListener NONE = new ImportListener() {};

  /**
   * Called once, before the first row, with what the listing is about to select: the number of rows
   * and the total length of their data, counted by a query of their own just before.
   *
   * @param rows the number of rows selected
   * @param bytes the total length of their data
   */
  default void starting(long rows, long bytes) {}

  /**
   * Returns the stream a row's data is stored from; the default returns {@code data}. Called once
   * per row that is stored, just before, for example to count bytes as they flow.
   *
   * @param id the row's id, as text
   * @param data the row's data
   * @return the stream stored; it must return exactly the bytes of {@code data}
   */
  default InputStream reading(String id, InputStream data) {
    return data;
  }

  /**
   * The row was stored as {@code blob}.
   *
   * @param id the row's id, as text
   * @param blob the new blob
   */
  default void imported(String id, BlobInfo blob) {}

  /**
   * The row was skipped: a blob in the store already came from it.
   *
   * @param id the row's id, as text
   * @param size the length of the row's data as the source reports it, 0 for NULL
   */
  default void alreadyImported(String id, long size) {}

  /**
   * The row was skipped for a reason that does not need fixing, such as {@code drawing is NULL}.
   *
   * @param id the row's id, as text
   * @param size the length of the row's data as the source reports it, 0 for NULL
   * @param reason why, in one line
   */
  default void skipped(String id, long size, String reason) {}

  /**
   * The row was not imported because of a problem of its own, described in one line (a key the
   * store refuses or that is taken, a duplicate id); the import goes on with the next row.
   *
   * @param id the row's id, as text
   * @param size the length of the row's data as the source reports it, 0 for NULL
   * @param reason what was wrong, in one line
   */
  default void failed(String id, long size, String reason) {}
}
