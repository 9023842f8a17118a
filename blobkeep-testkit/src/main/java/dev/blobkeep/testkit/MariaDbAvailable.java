package dev.blobkeep.testkit;

/**
 * Skips a test class or method, before any of its set-up runs, when the {@link MariaDbServer}
 * cannot be reached, with the reason; under {@code CI=true} it fails instead. For JUnit Jupiter
 * ({@code @ExtendWith(MariaDbAvailable.class)}) and jqwik
 * ({@code @AddLifecycleHook(MariaDbAvailable.class)}). Stateless and thread-safe.
 */
public final class MariaDbAvailable extends ServerAvailable {
  @Override
  String server() {
    return "MariaDB";
  }

  @Override
  String unreachable() {
    return MariaDbServer.unreachable();
  }
}
