package dev.blobkeep.internal;

import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A consistent online copy of a store into a new file ({@link BlobStore#backupTo}), by the
 * dialect's {@link dev.blobkeep.spi.Dialect#backupInto}, then opened read-only and verified.
 */
public final class Backup {
  private Backup() {}

  /**
   * Writes the copy and verifies it.
   *
   * @throws InvalidArgumentException if the store's database makes no such copies, or {@code file}
   *     exists; nothing is written
   */
  public static VerifyReport run(BlobStore store, Path file) {
    if (!(store instanceof Engine engine)) {
      throw new InvalidArgumentException(
          "a backup is made of a store opened by BlobStore.open, not of a "
              + store.getClass().getName());
    }
    PooledSession s = engine.session();
    s.checkOpen();
    if (!s.dialect().makesBackups()) {
      throw new InvalidArgumentException(
          "store "
              + s.location()
              + " is on "
              + s.dialect().name()
              + ", whose backups are the database's own ("
              + s.dialect().ownBackups()
              + "); backupTo copies SQLite stores only: copy this one into a SQLite file with"
              + " copyTo (blobkeep copy --to FILE)");
    }
    Path target = file.toAbsolutePath();
    if (Files.exists(target)) {
      throw new InvalidArgumentException(
          "backup target " + target + " already exists; nothing was written");
    }
    try {
      s.read(
          "backing up into " + target,
          c -> {
            s.dialect().backupInto(c, target.toString());
            return null;
          });
    } catch (RuntimeException e) {
      deleteQuietly(target, e);
      throw e;
    }
    try (BlobStore copy =
        BlobStore.open(target.toString(), StoreOptions.defaults().readOnly(true))) {
      return copy.verifyAll();
    }
  }

  private static void deleteQuietly(Path file, RuntimeException cause) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      cause.addSuppressed(new StoreException("cannot remove " + file + ": " + e.getMessage(), e));
    }
  }
}
