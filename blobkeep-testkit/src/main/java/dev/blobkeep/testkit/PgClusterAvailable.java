package dev.blobkeep.testkit;

/**
 * Skips a test class or method, before any of its set-up runs, when {@link PgCluster} cannot start
 * here (pg_auto_failover or PostgreSQL 15 missing), with the reason; under {@code CI=true} it fails
 * instead. For JUnit Jupiter ({@code @ExtendWith(PgClusterAvailable.class)}). Stateless and
 * thread-safe.
 */
public final class PgClusterAvailable extends ServerAvailable {
  @Override
  String server() {
    return "pg_auto_failover";
  }

  @Override
  String unreachable() {
    return PgCluster.unavailable();
  }
}
