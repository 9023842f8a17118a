package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link SqliteWarmUp} starts only for a store that is an SQLite file, as the command names it. */
class SqliteWarmUpTest {
  @Test
  void anSqliteFileByPathUrlEnvironmentOrDefaultIsWarmedFor() {
    assertThat(SqliteWarmUp.sqlite(new String[] {"ls"}, null)).as("the default file").isTrue();
    assertThat(SqliteWarmUp.sqlite(new String[] {"--db", "a.db", "ls"}, null)).isTrue();
    assertThat(SqliteWarmUp.sqlite(new String[] {"--db=jdbc:SQLite:a.db", "ls"}, null)).isTrue();
    assertThat(SqliteWarmUp.sqlite(new String[] {"ls"}, "/data/blobs.db")).isTrue();
    assertThat(SqliteWarmUp.sqlite(new String[] {"--db", "b.db", "ls"}, "jdbc:postgresql://h/d"))
        .as("--db wins over the environment")
        .isTrue();
  }

  @Test
  void aServerStoreIsNot() {
    assertThat(SqliteWarmUp.sqlite(new String[] {"--db", "jdbc:postgresql://h/d", "ls"}, null))
        .isFalse();
    assertThat(SqliteWarmUp.sqlite(new String[] {"--db=JDBC:mariadb://h/d", "get", "x"}, null))
        .isFalse();
    assertThat(SqliteWarmUp.sqlite(new String[] {"ls"}, "jdbc:mariadb://h/d")).isFalse();
  }
}
