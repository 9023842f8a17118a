package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.StoreOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pool's URL: the caller's parameters kept, the store's added as the driver reads them. */
class MariadbPoolUrlTest {
  private static final StoreOptions OPTIONS =
      StoreOptions.defaults().lockTimeout(Duration.ofSeconds(9));
  private static final ServerFacts GALERA =
      new ServerFacts("10.11.19-MariaDB", 64 << 20, 1, false, 0, true, 1L << 31);
  private static final String OURS =
      "sql_mode='" + MariadbSettings.SQL_MODE + "',innodb_lock_wait_timeout=9,wsrep_sync_wait=1";

  @Test
  void thePoolPreparesStatementsOnTheServerAndBatchesInBulkUnlessTheUrlSaysOtherwise() {
    String ours = "useServerPrepStmts=true&useBulkStmts=true";
    assertThat(MariadbProvider.poolUrl("jdbc:mariadb://db:3306/files"))
        .isEqualTo("jdbc:mariadb://db:3306/files?" + ours);
    assertThat(MariadbProvider.poolUrl("jdbc:mariadb://db/files?user=app&password=p"))
        .isEqualTo("jdbc:mariadb://db/files?user=app&password=p&" + ours);
    assertThat(MariadbProvider.poolUrl("jdbc:mariadb://db/files?user=app&USESERVERPREPSTMTS=false"))
        .isEqualTo("jdbc:mariadb://db/files?user=app&USESERVERPREPSTMTS=false&useBulkStmts=true");
    assertThat(MariadbProvider.poolUrl("jdbc:mariadb://db/files?useBulkStmts=false"))
        .isEqualTo("jdbc:mariadb://db/files?useBulkStmts=false&useServerPrepStmts=true");
    // the name inside a value is not the parameter
    assertThat(MariadbProvider.poolUrl("jdbc:mariadb://db/files?password=useServerPrepStmts&"))
        .isEqualTo("jdbc:mariadb://db/files?password=useServerPrepStmts&" + ours);
  }

  @Test
  void theStoresSessionComesAfterEveryOneOfTheCallersInOneParameter() {
    assertThat(session("jdbc:mariadb://db/files"))
        .isEqualTo("jdbc:mariadb://db/files?sessionVariables=" + OURS);
    assertThat(session("jdbc:mariadb://db/files?"))
        .isEqualTo("jdbc:mariadb://db/files?sessionVariables=" + OURS);
    assertThat(session("jdbc:mariadb://db/files?user=a&password=p=q&"))
        .isEqualTo("jdbc:mariadb://db/files?user=a&password=p=q&sessionVariables=" + OURS);
    assertThat(session("jdbc:mariadb://db/files?sessionVariables=&user=a"))
        .isEqualTo("jdbc:mariadb://db/files?user=a&sessionVariables=" + OURS);
    // a bare name has no value: not its own name taken as one
    assertThat(session("jdbc:mariadb://db/files?sessionVariables&user=a"))
        .isEqualTo("jdbc:mariadb://db/files?user=a&sessionVariables=" + OURS);
    assertThat(
            session(
                "jdbc:mariadb://db/files?sessionvariables=a=1&user=x&SESSIONVARIABLES=b=2,c='x,y'"))
        .isEqualTo("jdbc:mariadb://db/files?user=x&sessionVariables=a=1,b=2,c='x,y'," + OURS);
  }

  private static String session(String url) {
    return MariadbSettings.withSession(url, OPTIONS, GALERA);
  }
}
