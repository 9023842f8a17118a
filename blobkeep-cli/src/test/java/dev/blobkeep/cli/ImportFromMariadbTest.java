package dev.blobkeep.cli;

import java.nio.file.Path;
import java.sql.SQLException;

/** {@code import} from MariaDB ({@code LONGBLOB} column), in a database of the test's own. */
class ImportFromMariadbTest extends ImportContract {
  @Override
  PartsSource openSource(Path dir) throws SQLException {
    return PartsSource.mariadb();
  }
}
