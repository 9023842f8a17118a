package dev.blobkeep;

/**
 * The location holds no blobkeep store, and the store was opened with {@link
 * StoreOptions#create(boolean) create(false)} or {@link StoreOptions#readOnly(boolean)
 * readOnly(true)}: the message is {@code no blobkeep store at LOCATION}. Nothing was created.
 */
public class StoreNotFoundException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception whose message is {@code no blobkeep store at LOCATION}.
   *
   * @param location the location opened, without credentials
   */
  public StoreNotFoundException(String location) {
    super("no blobkeep store at " + location);
  }
}
