package dev.blobkeep.testkit;

/**
 * Skips a test class or method, before any of its set-up runs, when the {@link PgServer} cannot be
 * reached (the contract classes' tear-down assumes a store was opened), with the reason; under
 * {@code CI=true} it fails instead. For JUnit Jupiter ({@code @ExtendWith(PgAvailable.class)}) and
 * jqwik ({@code @AddLifecycleHook(PgAvailable.class)}). Stateless and thread-safe.
 */
public final class PgAvailable extends ServerAvailable {
  @Override
  String server() {
    return "PostgreSQL";
  }

  @Override
  String unreachable() {
    return PgServer.unreachable();
  }
}
