package dev.blobkeep.spi;

/**
 * Liveness of upload owners. Every open store is one owner with a random id; pending uploads carry
 * their owner's id. {@link #isAlive(String)} must never answer false for an owner that is still
 * running, in any process: a false answer lets the garbage collector remove its upload.
 */
public interface Owners {

  /**
   * Marks {@code ownerId} alive until {@link #release(String)} or until the process dies.
   *
   * @param ownerId the owner's id, unique per open store
   */
  void register(String ownerId);

  /**
   * {@return true if the owner may still be writing}; false only if it certainly is not.
   *
   * @param ownerId the id a pending upload carries
   */
  boolean isAlive(String ownerId);

  /**
   * Called by an upload of {@code ownerId} before it stages more content or publishes: makes sure
   * the owner still counts as alive for a while (a lease that may have lapsed during a pause or a
   * failover is renewed), or throws. The default does nothing, for owners whose liveness cannot
   * lapse while the process runs.
   *
   * @param ownerId the id of the upload's owner, this store
   * @throws dev.blobkeep.StoreException if the owner's liveness cannot be confirmed
   */
  default void confirm(String ownerId) {}

  /**
   * Ends {@code ownerId}'s life (its store is closed).
   *
   * @param ownerId the owner's id, as registered
   */
  void release(String ownerId);
}
