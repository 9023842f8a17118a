package dev.blobkeep.spring;

import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a {@link BlobStore} bean: on the application's {@link DataSource}, taking part in
 * its Spring transactions ({@link TransactionAwareBlobStore}), or on {@code blobkeep.location} when
 * that is set. Options come from the {@code blobkeep.*} properties ({@link BlobkeepProperties}).
 * Backs off when the application defines its own {@code BlobStore} bean, or with {@code
 * blobkeep.enabled=false}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(BlobStore.class)
@ConditionalOnProperty(prefix = "blobkeep", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(BlobkeepProperties.class)
public class BlobkeepAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public BlobkeepAutoConfiguration() {}

  /**
   * The store, closed with the application context.
   *
   * @param properties the {@code blobkeep.*} properties
   * @param dataSources the application's data source, used when {@code blobkeep.location} is unset
   * @param observers the observer of operations, if the context has one (metrics)
   * @return the open store
   * @throws InvalidArgumentException if {@code blobkeep.location} is unset and the context has no
   *     single {@link DataSource}, or a property is out of range
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(BlobStore.class)
  public BlobStore blobStore(
      BlobkeepProperties properties,
      ObjectProvider<DataSource> dataSources,
      ObjectProvider<BlobStoreObserver> observers) {
    BlobStoreObserver observer = observers.getIfAvailable(() -> BlobStoreObserver.NONE);
    String location = properties.getLocation();
    if (location != null && !location.isBlank()) {
      return new TransactionAwareBlobStore(
          BlobStore.open(location, properties.toOptions()), null, observer);
    }
    DataSource dataSource = dataSources.getIfUnique();
    if (dataSource == null) {
      throw new InvalidArgumentException(
          "blobkeep needs a database: the application has "
              + (dataSources.stream().findAny().isPresent()
                  ? "several DataSource beans, none primary"
                  : "no DataSource bean")
              + " and blobkeep.location is not set (set spring.datasource.url, or blobkeep.location"
              + " to a file path or JDBC URL)");
    }
    return new TransactionAwareBlobStore(
        BlobStore.open(dataSource, properties.toOptions()), dataSource, observer);
  }
}
