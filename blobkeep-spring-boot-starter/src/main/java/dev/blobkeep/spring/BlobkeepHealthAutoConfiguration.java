package dev.blobkeep.spring;

import dev.blobkeep.BlobStore;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Adds the {@code blobkeep} health indicator ({@link BlobStoreHealthIndicator}) when Spring Boot
 * Actuator is on the class path and the context has one {@link BlobStore}, whether auto-configured
 * or the application's own. Off with {@code management.health.blobkeep.enabled=false}.
 */
@AutoConfiguration(after = BlobkeepAutoConfiguration.class)
@ConditionalOnClass({BlobStore.class, HealthIndicator.class})
@ConditionalOnSingleCandidate(BlobStore.class)
@ConditionalOnProperty(name = "management.health.blobkeep.enabled", matchIfMissing = true)
public class BlobkeepHealthAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public BlobkeepHealthAutoConfiguration() {}

  /**
   * The health indicator, named {@code blobkeep} after this bean.
   *
   * @param store the store checked
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "blobkeepHealthIndicator")
  public BlobStoreHealthIndicator blobkeepHealthIndicator(BlobStore store) {
    return new BlobStoreHealthIndicator(store);
  }
}
