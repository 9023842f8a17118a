package dev.blobkeep.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The psycopg2 {@code part_drawings} recipe inside Spring transactions: a row in the application's
 * {@code parts} table and its drawing in the store commit together or not at all. Each backend runs
 * it on a database of its own.
 */
abstract class PartDrawingsTransactionContract {

  /** Properties that point the application's DataSource at this backend's test database. */
  abstract String[] database();

  /**
   * Connections of the application's pool the store keeps for itself: PostgreSQL holds its upload
   * owner's advisory lock on one; SQLite keeps none.
   */
  abstract int connectionsTheStoreKeeps();

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class,
                JdbcTemplateAutoConfiguration.class,
                TransactionAutoConfiguration.class,
                BlobkeepAutoConfiguration.class))
        .withPropertyValues(database());
  }

  /** Runs {@code test} on a context of {@code runner} whose database has an empty parts table. */
  private static void withParts(
      ApplicationContextRunner runner, ContextConsumer<AssertableApplicationContext> test) {
    runner.run(
        context -> {
          createParts(context.getBean(JdbcTemplate.class));
          test.accept(context);
        });
  }

  /** Runs {@code body} in one transaction of the context's transaction manager. */
  private static void inTransaction(ApplicationContext context, Consumer<TransactionStatus> body) {
    context.getBean(TransactionTemplate.class).executeWithoutResult(body);
  }

  private static void createParts(JdbcTemplate jdbc) {
    jdbc.execute(
        "CREATE TABLE parts (part_id INTEGER PRIMARY KEY, part_name VARCHAR(255) NOT NULL,"
            + " drawing VARCHAR(36) NOT NULL)");
  }

  /** Inserts a part row and stores its drawing, the row pointing at the blob. */
  private static BlobInfo savePart(ApplicationContext context, int id, String name) {
    BlobInfo drawing =
        context
            .getBean(BlobStore.class)
            .put(
                ("drawing of " + name).getBytes(StandardCharsets.UTF_8),
                PutOptions.in("part_drawings").meta(Map.of("part_id", id)));
    context
        .getBean(JdbcTemplate.class)
        .update(
            "INSERT INTO parts (part_id, part_name, drawing) VALUES (?, ?, ?)",
            id,
            name,
            drawing.id());
    return drawing;
  }

  private static int parts(ApplicationContext context) {
    return context
        .getBean(JdbcTemplate.class)
        .queryForObject("SELECT count(*) FROM parts", Integer.class);
  }

  private static int drawings(ApplicationContext context) {
    return context.getBean(BlobStore.class).list(Query.bucket("part_drawings")).items().size();
  }

  @Test
  void anExceptionAfterSavingAPartAndItsDrawingLeavesNeither() {
    withParts(
        runner(),
        context -> {
          TransactionTemplate tx = context.getBean(TransactionTemplate.class);
          String[] id = new String[1];
          assertThatThrownBy(
                  () ->
                      tx.executeWithoutResult(
                          status -> {
                            id[0] = savePart(context, 1, "SIM Tray").id();
                            throw new IllegalStateException("the order was cancelled");
                          }))
              .hasMessage("the order was cancelled");

          assertThat(parts(context)).isZero();
          assertThat(drawings(context)).isZero();
          assertThat(context.getBean(BlobStore.class).exists(BlobRef.id(id[0]))).isFalse();
        });
  }

  @Test
  void aCommittedTransactionLeavesBothThePartAndItsDrawing() {
    withParts(
        runner(),
        context -> {
          TransactionTemplate tx = context.getBean(TransactionTemplate.class);
          BlobInfo saved = tx.execute(status -> savePart(context, 1, "SIM Tray"));

          String drawing =
              context
                  .getBean(JdbcTemplate.class)
                  .queryForObject("SELECT drawing FROM parts WHERE part_id = 1", String.class);
          assertThat(drawing).isEqualTo(saved.id());
          assertThat(context.getBean(BlobStore.class).getBytes(BlobRef.id(drawing)))
              .asString(StandardCharsets.UTF_8)
              .isEqualTo("drawing of SIM Tray");
        });
  }

  @Test
  void insideATransactionTheStoreSeesItsOwnUncommittedBlobs() {
    withParts(
        runner(),
        context -> {
          BlobStore store = context.getBean(BlobStore.class);
          inTransaction(
              context,
              status -> {
                BlobInfo saved = savePart(context, 1, "Speaker");
                assertThat(store.info(BlobRef.id(saved.id())).size()).isEqualTo(saved.size());
                assertThat(store.list(Query.bucket("part_drawings")).items())
                    .extracting(BlobInfo::id)
                    .containsExactly(saved.id());
                status.setRollbackOnly();
              });
          assertThat(drawings(context)).isZero();
        });
  }

  @Test
  void outsideATransactionEachOperationCommitsAtOnce() {
    withParts(
        runner(),
        context -> {
          BlobStore store = context.getBean(BlobStore.class);
          BlobInfo saved =
              store.put("loose".getBytes(StandardCharsets.UTF_8), PutOptions.in("part_drawings"));
          assertThatThrownBy(
                  () ->
                      context
                          .getBean(JdbcTemplate.class)
                          .update("INSERT INTO parts (part_id) VALUES (1)"))
              .isNotNull();
          assertThat(store.exists(BlobRef.id(saved.id()))).isTrue();
        });
  }

  @Test
  void storeOperationsInATransactionNeedNoSecondConnection() {
    // One connection in the application's pool beside those the store keeps: had the store asked
    // the pool for another while the transaction holds it, the operation would fail when the wait
    // ran out (and on SQLite, a second writer would wait for the transaction's write lock).
    withParts(
        runner()
            .withPropertyValues(
                "spring.datasource.hikari.maximum-pool-size=" + (1 + connectionsTheStoreKeeps()),
                "spring.datasource.hikari.connection-timeout=1000"),
        context -> {
          BlobStore store = context.getBean(BlobStore.class);
          inTransaction(
              context,
              status -> {
                BlobInfo saved = savePart(context, 1, "SIM Tray");
                store.updateMeta(BlobRef.id(saved.id()), Map.of("checked", true), List.of());
                assertThat(store.getBytes(BlobRef.id(saved.id()))).isNotEmpty();
              });
          assertThat(parts(context)).isEqualTo(1);
          assertThat(drawings(context)).isEqualTo(1);
        });
  }

  @Test
  void useTransactionInsideASpringTransactionJoinsIt() {
    withParts(
        runner(),
        context -> {
          BlobStore store = context.getBean(BlobStore.class);
          inTransaction(
              context,
              status -> {
                store.useTransaction(
                    blobs -> blobs.put(new byte[] {1}, PutOptions.in("part_drawings")));
                status.setRollbackOnly();
              });
          assertThat(drawings(context)).isZero();

          store.useTransaction(blobs -> blobs.put(new byte[] {2}, PutOptions.in("part_drawings")));
          assertThat(drawings(context)).isEqualTo(1);
        });
  }
}
