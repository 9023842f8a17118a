package dev.blobkeep.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/** What the auto-configuration makes from the application's context and properties. */
class AutoConfigurationTest {
  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return withoutDataSource()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class));
  }

  /**
   * Without Spring Boot's DataSource auto-configuration, which fails at start-up when no
   * spring.datasource.url is set (HikariCP is on the class path).
   */
  private ApplicationContextRunner withoutDataSource() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                BlobkeepAutoConfiguration.class,
                BlobkeepMetricsAutoConfiguration.class,
                BlobkeepHealthAutoConfiguration.class));
  }

  @Test
  void theStoreKeepsItsTablesInTheApplicationsDataSource() {
    runner()
        .withPropertyValues(Databases.sqlite(dir))
        .run(
            context -> {
              assertThat(context).hasSingleBean(BlobStore.class);
              assertThat(context.getBean(BlobStore.class).location())
                  .contains(dir.resolve("app.db").toString());
            });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnStore() {
    Path own = dir.resolve("own.db");
    runner()
        .withPropertyValues(Databases.sqlite(dir))
        .withBean(BlobStore.class, () -> BlobStore.open(own.toString()))
        .run(
            context -> {
              assertThat(context).hasSingleBean(BlobStore.class);
              assertThat(context.getBean(BlobStore.class))
                  .isNotInstanceOf(TransactionAwareBlobStore.class);
              assertThat(context).hasSingleBean(BlobStoreHealthIndicator.class);
            });
  }

  @Test
  void blobkeepLocationOpensAStoreOfItsOwn() {
    Path file = dir.resolve("blobs.db");
    withoutDataSource()
        .withPropertyValues("blobkeep.location=" + file)
        .run(
            context -> {
              context.getBean(BlobStore.class).put(new byte[] {1, 2, 3}, PutOptions.in("b"));
              assertThat(context.getBean(BlobStore.class).location()).contains(file.toString());
            });
    assertThat(file).isRegularFile();
  }

  @Test
  void propertiesBecomeStoreOptions() {
    withoutDataSource()
        .withPropertyValues(
            "blobkeep.location=" + dir.resolve("blobs.db"),
            "blobkeep.chunk-size=64KB",
            "blobkeep.lock-timeout=5s",
            "blobkeep.transaction-retries=3",
            "blobkeep.durable=false")
        .run(
            context -> {
              StoreOptions o = context.getBean(BlobkeepProperties.class).toOptions();
              assertThat(o.chunkSize()).isEqualTo(DataSize.ofKilobytes(64).toBytes());
              assertThat(o.lockTimeout()).hasSeconds(5);
              assertThat(o.transactionRetries()).isEqualTo(3);
              assertThat(o.durable()).isFalse();
              assertThat(o.schema()).isEqualTo(StoreOptions.defaults().schema());
            });
  }

  @Test
  void aPropertyOutOfRangeFailsNamingItAndItsValue() {
    withoutDataSource()
        .withPropertyValues(
            "blobkeep.location=" + dir.resolve("blobs.db"), "blobkeep.chunk-size=1KB")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(InvalidArgumentException.class)
                  .hasMessageStartingWith("blobkeep.chunk-size=1024B: chunkSize must be 4096 to");
            });
    assertThat(dir.resolve("blobs.db")).doesNotExist();
  }

  @Test
  void withoutADataSourceOrALocationStartupFailsSayingWhatToSet() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BlobkeepAutoConfiguration.class))
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("no DataSource bean and blobkeep.location is not set"));
  }

  @Test
  void blobkeepEnabledFalseConfiguresNoStore() {
    runner()
        .withPropertyValues(Databases.sqlite(dir))
        .withPropertyValues("blobkeep.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(BlobStore.class));
  }

  @Test
  void theHealthIndicatorReportsTheStoreUpWithItsLocation() {
    runner()
        .withPropertyValues(Databases.sqlite(dir))
        .run(
            context -> {
              Health health = context.getBean(BlobStoreHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails().get("location"))
                  .isEqualTo(context.getBean(BlobStore.class).location());
            });
  }

  @Test
  void theHealthIndicatorReportsAClosedStoreDown() {
    runner()
        .withPropertyValues(Databases.sqlite(dir))
        .run(
            context -> {
              context.getBean(BlobStore.class).close();
              Health health = context.getBean(BlobStoreHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails()).containsKey("error");
            });
  }

  @Test
  void metricsCountOperationsBytesAndErrors() {
    runner()
        .withPropertyValues(Databases.sqlite(dir))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              BlobStore store = context.getBean(BlobStore.class);
              byte[] content = "twelve bytes".getBytes(StandardCharsets.UTF_8);
              BlobRef ref = store.put(content, PutOptions.in("m")).ref();
              store.getBytes(ref);
              try (InputStream in = store.openStream(ref)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
              }
              store.delete(ref);
              org.assertj.core.api.Assertions.catchThrowable(() -> store.info(ref));

              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(
                      registry.get("blobkeep.operations").tag("operation", "put").timer().count())
                  .isEqualTo(1);
              assertThat(
                      registry
                          .get("blobkeep.operations")
                          .tags("operation", "info", "outcome", "error")
                          .timer()
                          .count())
                  .isEqualTo(1);
              assertThat(
                      registry
                          .get("blobkeep.errors")
                          .tags("operation", "info", "exception", "BlobNotFoundException")
                          .counter()
                          .count())
                  .isEqualTo(1);
              assertThat(
                      registry.get("blobkeep.bytes").tag("direction", "written").counter().count())
                  .isEqualTo(content.length);
              assertThat(registry.get("blobkeep.bytes").tag("direction", "read").counter().count())
                  .isEqualTo(2 * content.length);
            });
  }

  @Test
  void configurationMetadataDescribesTheProperties() throws Exception {
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(metadata)
          .contains("\"blobkeep.location\"", "\"blobkeep.chunk-size\"", "\"blobkeep.schema\"");
    }
  }

  @Test
  void theStarterBringsNoWebFrameworkAndNoLoggingBinding() {
    // The test class path is the starter's plus test-scoped libraries (slf4j-nop among them, which
    // the enforcer allows at test scope only).
    ClassLoader loader = getClass().getClassLoader();
    for (String name :
        new String[] {
          "org.springframework.web.bind.annotation.RestController",
          "jakarta.servlet.Servlet",
          "ch.qos.logback.classic.Logger",
          "org.apache.logging.slf4j.SLF4JServiceProvider"
        }) {
      assertThat(loader.getResource(name.replace('.', '/') + ".class")).as(name).isNull();
    }
  }
}
