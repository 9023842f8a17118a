package dev.blobkeep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link BlobStore#copyTo(BlobStore, CopyOptions)} copies and how. Immutable; every
 * setter-style method returns a copy.
 *
 * <ul>
 *   <li>{@code buckets}: only these buckets (default: every bucket, empty ones included).
 *   <li>{@code overwrite}: replace a blob at the target that has the same id and was changed after
 *       the source's (default false: it is left as is and reported as failed).
 *   <li>{@code listener}: hears each blob (default {@link CopyListener#NONE}).
 * </ul>
 */
public final class CopyOptions {
  private static final CopyOptions DEFAULTS = new CopyOptions(List.of(), false, CopyListener.NONE);

  private final List<String> buckets;
  private final boolean overwrite;
  private final CopyListener listener;

  private CopyOptions(List<String> buckets, boolean overwrite, CopyListener listener) {
    this.buckets = buckets;
    this.overwrite = overwrite;
    this.listener = listener;
  }

  /** {@return the defaults}: every bucket, no overwriting of newer blobs, no listener. */
  public static CopyOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Copies only these buckets; none (an empty list) means every bucket.
   *
   * @param names bucket names, not null
   * @return a copy of these options with the change
   * @throws InvalidArgumentException naming the first name that is not a valid bucket name
   */
  public CopyOptions buckets(List<String> names) {
    Objects.requireNonNull(names, "names");
    List<String> checked = new ArrayList<>();
    for (String name : names) {
      String valid = PutOptions.in(name).bucket();
      if (!checked.contains(valid)) {
        checked.add(valid);
      }
    }
    return new CopyOptions(List.copyOf(checked), overwrite, listener);
  }

  /**
   * Whether a blob at the target with the id of a source blob, changed there after the source's
   * last change (a later {@link BlobInfo#updated()}), is replaced by the source's (true) or left as
   * is and reported as failed (false, the default). A target blob changed earlier than the source's
   * is always replaced: the source's is the newer one.
   *
   * @param overwrite true to replace target blobs changed later than the source's
   * @return a copy of these options with the change
   */
  public CopyOptions overwrite(boolean overwrite) {
    return new CopyOptions(buckets, overwrite, listener);
  }

  /**
   * The listener that hears each blob.
   *
   * @param listener the listener, not null; {@link CopyListener#NONE} for none
   * @return a copy of these options with the change
   */
  public CopyOptions listener(CopyListener listener) {
    return new CopyOptions(buckets, overwrite, Objects.requireNonNull(listener, "listener"));
  }

  /** {@return the buckets to copy}; empty for every bucket */
  public List<String> buckets() {
    return buckets;
  }

  /**
   * {@return true if target blobs changed later than the source's are replaced}; see {@link
   * #overwrite(boolean)}.
   */
  public boolean overwrite() {
    return overwrite;
  }

  /** {@return the listener that hears each blob}; {@link CopyListener#NONE} unless one was given */
  public CopyListener listener() {
    return listener;
  }
}
