/**
 * The MariaDB backend: opens {@code jdbc:mariadb:} locations and MariaDB data sources for {@code
 * BlobStore.open}. It exports nothing; the store finds it as a {@link
 * dev.blobkeep.spi.DialectProvider} service.
 */
module dev.blobkeep.mariadb {
  requires dev.blobkeep;
  requires org.mariadb.jdbc;
  requires com.zaxxer.hikari;

  provides dev.blobkeep.spi.DialectProvider with
      dev.blobkeep.mariadb.MariadbProvider;
}
