package dev.blobkeep.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Records store operations as Micrometer meters:
 *
 * <ul>
 *   <li>{@code blobkeep.operations} (timer; tags {@code operation}, {@code outcome} = {@code
 *       success} or {@code error}): how many operations ran and how long they took;
 *   <li>{@code blobkeep.errors} (counter; tags {@code operation}, {@code exception}, the simple
 *       class name): failed operations by cause;
 *   <li>{@code blobkeep.bytes} (counter; tag {@code direction} = {@code written} or {@code read}):
 *       blob content stored and read, including bytes read through {@code openStream}.
 * </ul>
 *
 * Thread-safe.
 */
public class MicrometerBlobStoreObserver implements BlobStoreObserver {
  private final MeterRegistry registry;
  private final Counter written;
  private final Counter read;

  /**
   * An observer recording into {@code registry}.
   *
   * @param registry where the meters go, not null
   */
  public MicrometerBlobStoreObserver(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.written = bytes("written");
    this.read = bytes("read");
  }

  private Counter bytes(String direction) {
    return Counter.builder("blobkeep.bytes")
        .description("Blob content stored or read")
        .baseUnit("bytes")
        .tag("direction", direction)
        .register(registry);
  }

  @Override
  public void completed(String operation, long nanos, Throwable failure) {
    Timer.builder("blobkeep.operations")
        .description("Store operations and how long they took")
        .tag("operation", operation)
        .tag("outcome", failure == null ? "success" : "error")
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    if (failure != null) {
      Counter.builder("blobkeep.errors")
          .description("Store operations that failed, by exception")
          .tag("operation", operation)
          .tag("exception", failure.getClass().getSimpleName())
          .register(registry)
          .increment();
    }
  }

  @Override
  public void bytesWritten(long bytes) {
    written.increment(bytes);
  }

  @Override
  public void bytesRead(long bytes) {
    read.increment(bytes);
  }
}
