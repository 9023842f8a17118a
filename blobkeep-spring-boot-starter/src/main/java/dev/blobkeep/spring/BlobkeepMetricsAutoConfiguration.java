package dev.blobkeep.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Records the auto-configured store's operations in the application's {@link MeterRegistry} ({@link
 * MicrometerBlobStoreObserver}) when Micrometer is on the class path and the context has a registry
 * (Actuator makes one). Backs off when the application defines its own {@link BlobStoreObserver}.
 */
@AutoConfiguration(
    before = BlobkeepAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class BlobkeepMetricsAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public BlobkeepMetricsAutoConfiguration() {}

  /**
   * The observer that records the metrics.
   *
   * @param registry where the meters go
   * @return the observer
   */
  @Bean
  @ConditionalOnMissingBean(BlobStoreObserver.class)
  public MicrometerBlobStoreObserver blobkeepMetrics(MeterRegistry registry) {
    return new MicrometerBlobStoreObserver(registry);
  }
}
