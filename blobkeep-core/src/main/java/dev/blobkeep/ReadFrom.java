package dev.blobkeep;

/** Where a store's reads go; see {@link StoreOptions#readFrom(ReadFrom)}. */
public enum ReadFrom {
  /** Every read on the primary, which sees every committed write: the default. */
  PRIMARY,

  /**
   * Reads outside transactions on a standby when one is up, else on the primary: they scale with
   * the standbys but may miss the latest writes.
   */
  STANDBY_PREFERRED
}
