package dev.blobkeep.spring;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The Spring transaction contract on an SQLite file as the application's database. */
class SqlitePartDrawingsTransactionTest extends PartDrawingsTransactionContract {
  @TempDir Path dir;

  @Override
  String[] database() {
    return Databases.sqlite(dir);
  }

  @Override
  int connectionsTheStoreKeeps() {
    return 0;
  }
}
