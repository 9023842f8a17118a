package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.CrashContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqliteCrashTest extends CrashContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
