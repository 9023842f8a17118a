package dev.blobkeep.spi;

import dev.blobkeep.StoreOptions;
import javax.sql.DataSource;

/**
 * Entry point of a backend module, registered in {@code
 * META-INF/services/dev.blobkeep.spi.DialectProvider}. Implementations are stateless.
 */
public interface DialectProvider {

  /** True if this backend handles the location (a path or JDBC URL). */
  boolean supports(String location);

  /**
   * True if this backend handles connections whose {@link
   * java.sql.DatabaseMetaData#getDatabaseProductName()} is {@code productName}.
   */
  boolean supportsProduct(String productName);

  /**
   * Opens pooled connections to the location, with the backend's session settings applied.
   *
   * @throws dev.blobkeep.StoreException naming the location if it cannot be reached
   */
  Backend open(String location, StoreOptions options);

  /** Wraps a caller's data source; closing the backend must not close it. */
  Backend wrap(DataSource dataSource, StoreOptions options);
}
