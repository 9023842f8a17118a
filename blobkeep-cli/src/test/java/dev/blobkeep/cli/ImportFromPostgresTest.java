package dev.blobkeep.cli;

import java.nio.file.Path;
import java.sql.SQLException;

/** {@code import} from PostgreSQL ({@code bytea} column), in a schema of the test's own. */
class ImportFromPostgresTest extends ImportContract {
  @Override
  PartsSource openSource(Path dir) throws SQLException {
    return PartsSource.postgres();
  }
}
