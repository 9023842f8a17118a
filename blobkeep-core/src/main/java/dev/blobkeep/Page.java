package dev.blobkeep;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the blobs on this page, in id order
 * @param nextCursor pass to {@link Query#after(String)} for the next page; null on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
  /**
   * A page; the items are copied, and unmodifiable.
   *
   * @param items the items on this page
   * @param nextCursor the cursor of the next page, or null on the last
   */
  public Page {
    items = List.copyOf(items);
  }

  /** {@return true if another page may follow} */
  public boolean hasMore() {
    return nextCursor != null;
  }
}
