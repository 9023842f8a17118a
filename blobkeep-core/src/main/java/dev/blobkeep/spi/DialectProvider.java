package dev.blobkeep.spi;

import dev.blobkeep.StoreOptions;
import javax.sql.DataSource;

/**
 * Entry point of a backend module, registered in {@code
 * META-INF/services/dev.blobkeep.spi.DialectProvider}. Implementations are stateless.
 */
public interface DialectProvider {

  /**
   * {@return true if this backend handles the location}
   *
   * @param location a file path or JDBC URL, as given to {@code BlobStore.open}
   */
  boolean supports(String location);

  /**
   * True if this backend handles connections whose {@link
   * java.sql.DatabaseMetaData#getDatabaseProductName()} is {@code productName}.
   *
   * @param productName the database's product name, as its driver reports it
   * @return true if this backend handles such connections
   */
  boolean supportsProduct(String productName);

  /**
   * Opens pooled connections to the location, with the backend's session settings applied.
   *
   * @param location a location {@link #supports} accepted
   * @param options the store's settings: pool size, lock timeout, schema and the like
   * @return the open backend, which the store closes
   * @throws dev.blobkeep.StoreException naming the location if it cannot be reached
   */
  Backend open(String location, StoreOptions options);

  /**
   * Wraps a caller's data source; closing the backend must not close it.
   *
   * @param dataSource the caller's connections, of a product {@link #supportsProduct} accepted
   * @param options the store's settings
   * @return the backend
   */
  Backend wrap(DataSource dataSource, StoreOptions options);
}
