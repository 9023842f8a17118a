package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MariadbPoolUrlTest {
  @Test
  void thePoolPreparesStatementsOnTheServerUnlessTheUrlSaysOtherwise() {
    assertThat(MariadbProvider.poolUrl("jdbc:mariadb://db:3306/files"))
        .isEqualTo("jdbc:mariadb://db:3306/files?useServerPrepStmts=true");
    assertThat(MariadbProvider.poolUrl("jdbc:mariadb://db/files?user=app&password=p"))
        .isEqualTo("jdbc:mariadb://db/files?user=app&password=p&useServerPrepStmts=true");
    assertThat(MariadbProvider.poolUrl("jdbc:mariadb://db/files?user=app&useServerPrepStmts=false"))
        .isEqualTo("jdbc:mariadb://db/files?user=app&useServerPrepStmts=false");
  }
}
