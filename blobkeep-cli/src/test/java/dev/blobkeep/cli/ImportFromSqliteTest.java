package dev.blobkeep.cli;

import java.nio.file.Path;
import java.sql.SQLException;

/** {@code import} from a SQLite file ({@code BLOB} column). */
class ImportFromSqliteTest extends ImportContract {
  @Override
  PartsSource openSource(Path dir) throws SQLException {
    return PartsSource.sqlite(dir);
  }
}
