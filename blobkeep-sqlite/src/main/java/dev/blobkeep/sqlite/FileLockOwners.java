package dev.blobkeep.sqlite;

import dev.blobkeep.StoreException;
import dev.blobkeep.spi.Owners;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owner liveness through byte-range locks on a file beside the database ({@code NAME-owners}): each
 * live owner holds an exclusive lock on one byte chosen from its id. The operating system drops the
 * lock when the process dies, however it dies, so an abandoned upload is recognised at once and a
 * live one, in any process on this machine, never is.
 *
 * <p>All locks on one file in this JVM go through one shared channel, because closing any channel
 * on a file releases every lock the process holds on it.
 */
final class FileLockOwners implements Owners {
  private static final long SLOTS = 1L << 40;
  private static final Map<Path, Shared> FILES = new HashMap<>();

  private final Path file;
  private final Map<String, FileLock> held = new ConcurrentHashMap<>();

  FileLockOwners(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  private static final class Shared {
    final FileChannel channel;
    int users;

    Shared(FileChannel channel) {
      this.channel = channel;
    }
  }

  @Override
  public void register(String ownerId) {
    synchronized (FILES) {
      Shared shared = FILES.get(file);
      if (shared == null) {
        try {
          shared =
              new Shared(
                  FileChannel.open(
                      file,
                      StandardOpenOption.CREATE,
                      StandardOpenOption.READ,
                      StandardOpenOption.WRITE));
        } catch (IOException e) {
          throw new StoreException("cannot create the owner lock file " + file + ": " + e, e);
        }
        FILES.put(file, shared);
      }
      try {
        FileLock lock = shared.channel.tryLock(slot(ownerId), 1, false);
        if (lock == null) {
          throw new StoreException("owner lock slot for " + ownerId + " in " + file + " is taken");
        }
        held.put(ownerId, lock);
        shared.users++;
      } catch (IOException | OverlappingFileLockException e) {
        throw new StoreException("cannot lock " + file + " for owner " + ownerId + ": " + e, e);
      }
    }
  }

  @Override
  public boolean isAlive(String ownerId) {
    if (held.containsKey(ownerId)) {
      return true;
    }
    synchronized (FILES) {
      Shared shared = FILES.get(file);
      if (shared == null) {
        return true; // nothing registered here: never call anyone dead
      }
      try {
        FileLock probe = shared.channel.tryLock(slot(ownerId), 1, false);
        if (probe == null) {
          return true; // held by another process
        }
        probe.release();
        return false;
      } catch (OverlappingFileLockException e) {
        return true; // held by another store in this JVM
      } catch (IOException e) {
        return true;
      }
    }
  }

  @Override
  public void release(String ownerId) {
    synchronized (FILES) {
      FileLock lock = held.remove(ownerId);
      if (lock == null) {
        return;
      }
      Shared shared = FILES.get(file);
      try {
        lock.release();
        if (--shared.users == 0) {
          FILES.remove(file);
          shared.channel.close();
        }
      } catch (IOException e) {
        // the lock goes with the channel or the process at the latest
      }
    }
  }

  private static long slot(String ownerId) {
    long h = 1125899906842597L;
    for (int i = 0; i < ownerId.length(); i++) {
      h = 31 * h + ownerId.charAt(i);
    }
    return Math.floorMod(h ^ (h >>> 29), SLOTS);
  }
}
