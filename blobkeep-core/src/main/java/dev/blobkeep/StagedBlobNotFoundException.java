package dev.blobkeep;

/**
 * A compose named a part that is not a staged blob: never staged, already composed, aborted, or
 * removed by the garbage collector once expired. Nothing was changed: the other parts and the
 * target are as they were.
 */
public class StagedBlobNotFoundException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /** The id the part named. */
  private final String id;

  /** The part's position among the parts, from 1. */
  private final int part;

  /**
   * @param id the id the part named
   * @param part its position among the parts, from 1
   * @param parts the number of parts
   * @param target the compose's target as messages name it ({@code bucket/key} or {@code bucket})
   */
  public StagedBlobNotFoundException(String id, int part, int parts, String target) {
    super(
        "no staged blob "
            + id
            + " (part "
            + part
            + " of "
            + parts
            + " of a compose into "
            + target
            + "); nothing was changed");
    this.id = id;
    this.part = part;
  }

  /** {@return the id the part named} */
  public String id() {
    return id;
  }

  /** {@return the part's position among the parts, from 1} */
  public int part() {
    return part;
  }
}
