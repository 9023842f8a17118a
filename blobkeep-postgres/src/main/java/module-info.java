/**
 * The PostgreSQL backend: opens {@code jdbc:postgresql:} locations and data sources for {@code
 * BlobStore.open}. It exports nothing; the store finds it as a {@link
 * dev.blobkeep.spi.DialectProvider} service.
 */
module dev.blobkeep.postgres {
  requires dev.blobkeep;
  requires org.postgresql.jdbc;
  requires com.zaxxer.hikari;

  provides dev.blobkeep.spi.DialectProvider with
      dev.blobkeep.postgres.PostgresProvider;
}
