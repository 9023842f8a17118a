package dev.blobkeep.examples.springparts;

/** A part with this name exists already; nothing of the upload was kept. */
public class PartExistsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** For the part named {@code name}. */
  public PartExistsException(String name) {
    super("a part named '" + name + "' exists already");
  }
}
