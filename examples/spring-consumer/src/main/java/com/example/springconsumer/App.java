package com.example.springconsumer;

import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.spring.BlobkeepProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * A Spring Boot application that uses blobkeep through its starter: Spring Boot's
 * auto-configuration makes the store on the application's DataSource (a SQLite file), binds a
 * {@code blobkeep.*} property, and adds the health indicator and the metrics; a blob stored in a
 * committed Spring transaction stays and one stored in a rolled-back transaction does not. On the
 * module path it also checks the starter's module. Arguments: a directory for the database, and how
 * the application was launched (for the last line). Exits with status 1 and one line on stderr if
 * anything is wrong.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class App {

  /** The registry the metrics go to (Actuator's auto-configuration would make one). */
  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    Path file = dir.resolve("app.db");
    Files.deleteIfExists(file);
    SpringApplication application = new SpringApplication(App.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setBannerMode(Banner.Mode.OFF);
    try (ConfigurableApplicationContext context =
        application.run(
            "--spring.datasource.url=jdbc:sqlite:" + file,
            "--blobkeep.chunk-size=64KB",
            "--logging.level.root=warn")) {
      BlobStore store = context.getBean(BlobStore.class);
      check(
          store.getClass().getName().equals("dev.blobkeep.spring.TransactionAwareBlobStore"),
          "the BlobStore bean is a " + store.getClass().getName());
      DataSize chunkSize = context.getBean(BlobkeepProperties.class).getChunkSize();
      check(
          chunkSize.equals(DataSize.ofKilobytes(64)), "blobkeep.chunk-size bound as " + chunkSize);

      TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
      transactions.executeWithoutResult(
          tx -> store.put(bytes("kept"), PutOptions.at("docs", "kept.txt")));
      transactions.executeWithoutResult(
          tx -> {
            store.put(bytes("dropped"), PutOptions.at("docs", "dropped.txt"));
            tx.setRollbackOnly();
          });
      TreeSet<String> keys = new TreeSet<>();
      store.list(Query.bucket("docs")).items().forEach(info -> keys.add(info.key()));
      check(keys.equals(new TreeSet<>(List.of("kept.txt"))), "after commit and rollback: " + keys);

      HealthIndicator health = context.getBean("blobkeepHealthIndicator", HealthIndicator.class);
      Status status = health.health().getStatus();
      check(Status.UP.equals(status), "blobkeep health: " + status);
      double written =
          context
              .getBean(MeterRegistry.class)
              .get("blobkeep.bytes")
              .tag("direction", "written")
              .counter()
              .count();
      check(written >= "kept".length(), "blobkeep.bytes written: " + written);

      checkModules(store);
    }

    for (String leaked :
        List.of(
            "org.junit.jupiter.api.Test",
            "org.assertj.core.api.Assertions",
            "dev.blobkeep.testkit.PgServer",
            "org.springframework.boot.test.context.SpringBootTest",
            "org.slf4j.nop.NOPServiceProvider")) {
      check(!present(leaked), leaked + " is on the application's path: a leaked test dependency");
    }
    System.out.println("spring consumer: blobkeep's starter works on the " + args[1]);
  }

  /**
   * On the module path: the starter is the named module {@code dev.blobkeep.spring}, exporting its
   * one package, beside Spring's automatic modules; on the class path, all of it is unnamed.
   */
  private static void checkModules(BlobStore store) {
    Module starter = store.getClass().getModule();
    Module boot = SpringApplication.class.getModule();
    if (!App.class.getModule().isNamed()) {
      check(
          !starter.isNamed(),
          "the starter is in module " + starter.getName() + " on the class path");
      return;
    }
    check("dev.blobkeep.spring".equals(starter.getName()), "the starter is in module " + starter);
    check(!starter.getDescriptor().isAutomatic(), "dev.blobkeep.spring is an automatic module");
    TreeSet<String> exported = new TreeSet<>();
    starter.getPackages().stream().filter(starter::isExported).forEach(exported::add);
    check(
        exported.equals(new TreeSet<>(List.of("dev.blobkeep.spring"))),
        "dev.blobkeep.spring exports " + exported);
    check(
        "dev.blobkeep".equals(BlobStore.class.getModule().getName()),
        "BlobStore is in module " + BlobStore.class.getModule());
    check(
        "spring.boot".equals(boot.getName()) && boot.getDescriptor().isAutomatic(),
        "SpringApplication is in module " + boot);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, App.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      System.err.println("spring consumer: " + what);
      System.exit(1);
    }
  }
}
