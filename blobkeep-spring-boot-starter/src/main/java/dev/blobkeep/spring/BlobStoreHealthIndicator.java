package dev.blobkeep.spring;

import dev.blobkeep.BlobStore;
import java.util.Objects;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Reports the store up when it answers a bounded read (the first bucket name: one index lookup),
 * down with the failure's message otherwise; the details name the store's location (without
 * credentials). Thread-safe.
 */
public class BlobStoreHealthIndicator extends AbstractHealthIndicator {
  private final BlobStore store;

  /**
   * A health indicator for {@code store}.
   *
   * @param store the store checked
   */
  public BlobStoreHealthIndicator(BlobStore store) {
    super("blobkeep store health check failed");
    // The store itself: health checks are not application operations in the metrics.
    this.store =
        Objects.requireNonNull(store, "store") instanceof TransactionAwareBlobStore t
            ? t.store()
            : store;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    store.buckets(null, 1);
    builder.up().withDetail("location", store.location());
  }
}
