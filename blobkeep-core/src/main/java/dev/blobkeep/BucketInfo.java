package dev.blobkeep;

import java.time.Instant;
import java.util.Objects;

/**
 * A bucket of the store: its name and when it was created. A bucket exists while empty: it is made
 * by {@link Blobs#createBucket(String)} or by the first blob stored into it, and removed only by
 * {@link Blobs#deleteBucket(String)}. Immutable.
 */
public final class BucketInfo {
  private final String name;
  private final Instant created;

  /**
   * @param name the bucket's name
   * @param created when the bucket was created
   */
  public BucketInfo(String name, Instant created) {
    this.name = Objects.requireNonNull(name, "name");
    this.created = Objects.requireNonNull(created, "created");
  }

  /** {@return the bucket's name} */
  public String name() {
    return name;
  }

  /**
   * When the bucket was created: by {@link Blobs#createBucket(String)}, by the first blob stored
   * into it, or (for a store made before buckets were kept) its oldest blob's time.
   *
   * @return the creation time
   */
  public Instant created() {
    return created;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BucketInfo b && name.equals(b.name) && created.equals(b.created);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, created);
  }

  @Override
  public String toString() {
    return "BucketInfo{name=" + name + ", created=" + created + "}";
  }
}
