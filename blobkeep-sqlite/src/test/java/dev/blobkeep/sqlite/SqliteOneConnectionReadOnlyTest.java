package dev.blobkeep.sqlite;

import dev.blobkeep.StoreOptions;

/**
 * Every read-only case of {@link SqliteReadOnlyTest} on a store opened with a pool size of 1, which
 * has one connection and no pool ({@link OneConnection}): what the command line opens for reading.
 */
class SqliteOneConnectionReadOnlyTest extends SqliteReadOnlyTest {
  @Override
  StoreOptions readOnly() {
    return StoreOptions.defaults().readOnly(true).poolSize(1);
  }
}
