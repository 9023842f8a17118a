package dev.blobkeep.internal;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.Blobs;
import dev.blobkeep.BucketInfo;
import dev.blobkeep.CopyListener;
import dev.blobkeep.CopyOptions;
import dev.blobkeep.CopyReport;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import dev.blobkeep.Query;
import dev.blobkeep.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Copies every blob of one store into another, keeping ids, keys, times and user fields ({@link
 * BlobStore#copyTo}). Blobs are copied one at a time, each published on its own, so a copy stopped
 * at any point is resumed by running it again: a blob the target already holds with the same id,
 * size, version, SHA-256 and update time is skipped. Each copied blob is read back from the target
 * and its SHA-256 compared with that of the bytes read from the source. Memory does not grow with
 * blob sizes or counts: the source is listed a page at a time and content streamed.
 */
public final class Copier {
  private static final int PAGE = 1000;

  private final BlobStore source;
  private final BlobStore target;
  private final Engine engine;

  /** The target's operations with every read on its primary: a standby may not have a copy yet. */
  private final Blobs onTarget;

  private final CopyOptions options;
  private final CopyListener listener;
  private final List<String> failures = new ArrayList<>();
  private long copied;
  private long bytes;
  private long skipped;

  private Copier(BlobStore source, Engine engine, CopyOptions options) {
    this.source = source;
    this.target = engine;
    this.engine = engine;
    this.onTarget = engine.primary();
    this.options = options;
    this.listener = options.listener();
  }

  /**
   * Copies {@code source}'s blobs into {@code target}.
   *
   * @throws InvalidArgumentException if the target was not opened by {@link BlobStore#open}, is the
   *     source itself, or a bucket named in the options does not exist in the source
   */
  public static CopyReport run(BlobStore source, BlobStore target, CopyOptions options) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    if (!(target instanceof Engine engine)) {
      throw new InvalidArgumentException(
          "a copy writes only into a store opened by BlobStore.open, not into a "
              + target.getClass().getName());
    }
    if (source == target || source.location().equals(target.location())) {
      throw new InvalidArgumentException(
          "copy source and target are the same store: " + source.location());
    }
    return new Copier(source, engine, options).run();
  }

  private CopyReport run() {
    long started = System.nanoTime();
    List<String> buckets = buckets();
    for (String bucket : buckets) {
      target.createBucket(bucket);
    }
    long[] total = new long[2];
    for (String bucket : buckets) {
      eachBlob(
          Query.bucket(bucket).fields("size"),
          blob -> {
            total[0]++;
            total[1] += blob.size();
          });
    }
    listener.starting(total[0], total[1]);
    for (String bucket : buckets) {
      eachBlob(Query.bucket(bucket), this::copyOne);
    }
    return new CopyReport(
        copied,
        bytes,
        skipped,
        failures.size(),
        buckets.size(),
        failures,
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** The buckets to copy: those named in the options, each checked, else every one. */
  private List<String> buckets() {
    if (!options.buckets().isEmpty()) {
      for (String name : options.buckets()) {
        if (source.bucket(name).isEmpty()) {
          throw new InvalidArgumentException(
              "bucket " + name + " does not exist in store " + source.location());
        }
      }
      return options.buckets();
    }
    List<String> all = new ArrayList<>();
    String after = null;
    while (true) {
      Page<BucketInfo> page = source.bucketInfos(after, PAGE);
      page.items().forEach(b -> all.add(b.name()));
      if (page.nextCursor() == null) {
        return all;
      }
      after = page.nextCursor();
    }
  }

  private void eachBlob(Query query, Consumer<BlobInfo> action) {
    Query paged = query.limit(PAGE);
    while (true) {
      Page<BlobInfo> page = source.list(paged);
      page.items().forEach(action);
      if (page.nextCursor() == null) {
        return;
      }
      paged = paged.after(page.nextCursor());
    }
  }

  private void copyOne(BlobInfo blob) {
    try {
      BlobInfo there = atTarget(blob.id());
      if (there != null && same(blob, there)) {
        skipped++;
        listener.skipped(blob);
        return;
      }
      if (there != null && there.updated().isAfter(blob.updated()) && !options.overwrite()) {
        fail(
            blob,
            "blob "
                + blob.id()
                + " was changed at the target after the source's last change (updated "
                + there.updated()
                + " there, "
                + blob.updated()
                + " in the source): left as is; copy with overwrite to replace it");
        return;
      }
      // The blob's own id already holding its key at the target needs no second lookup.
      String holder = there != null && sameKey(blob, there) ? null : otherKeyHolder(blob);
      if (holder != null && !options.overwrite()) {
        fail(
            blob,
            "blob "
                + blob.id()
                + ": key "
                + blob.bucket()
                + "/"
                + blob.key()
                + " is held by blob "
                + holder
                + " at the target: left as is; copy with overwrite to replace it");
        return;
      }
      BlobInfo made = there == null ? copyNew(blob) : replace(blob, there);
      if (made == null) {
        return;
      }
      String problem = mismatch(blob, made);
      if (problem != null) {
        target.delete(made.ref());
        fail(
            blob,
            there == null
                ? problem
                : problem + ", and the target's older copy with it; run the copy again");
        return;
      }
      copied++;
      bytes += made.size();
      listener.copied(made);
    } catch (BlobkeepException e) {
      fail(blob, "blob " + blob.id() + " not copied: " + e.getMessage());
    }
  }

  /** Streams a blob the target does not hold straight from the source. */
  private BlobInfo copyNew(BlobInfo blob) {
    try (InputStream in = listener.reading(blob, source.openStream(blob.ref()))) {
      return Restore.run(engine, blob, in, options.overwrite());
    } catch (IOException e) {
      throw Ops.unwrap(e);
    }
  }

  /**
   * Replaces the target's older copy. The source is read whole into a temporary file first and
   * checked against the SHA-256 the source records, so a failed or changing read never costs the
   * target the copy it has; only then is that copy deleted and the new one stored.
   *
   * @return the stored blob, or null if it was not replaced (the failure is recorded)
   */
  private BlobInfo replace(BlobInfo blob, BlobInfo there) {
    Path spool = null;
    try {
      spool = Files.createTempFile("blobkeep-copy-", ".part");
      MessageDigest sha = Digests.sha256();
      try (InputStream in = listener.reading(blob, source.openStream(blob.ref()));
          OutputStream out = Files.newOutputStream(spool)) {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          sha.update(buf, 0, n);
          out.write(buf, 0, n);
        }
      }
      String read = Digests.hex(sha.digest());
      if (blob.sha256() != null && !blob.sha256().equals(read)) {
        fail(blob, changedOrCorrupt(blob, read) + "; the target's copy was left as it was");
        return null;
      }
      try (InputStream in = Files.newInputStream(spool)) {
        // The new copy reuses the id, so the old row must be gone now, not left to gc.
        Delete.purgedNow(
            engine.session(), there.ref(), "replacing blob " + there.id() + " at the target");
        return Restore.run(engine, blob, in, options.overwrite());
      } catch (BlobkeepException e) {
        fail(
            blob,
            "blob "
                + blob.id()
                + (atTarget(there.id()) != null
                    ? " not copied (" + e.getMessage() + "); the target's copy was left as it was"
                    : ": the target's older copy was removed and the new one not stored ("
                        + e.getMessage()
                        + "); run the copy again"));
        return null;
      }
    } catch (IOException e) {
      throw Ops.unwrap(e);
    } finally {
      if (spool != null) {
        try {
          Files.deleteIfExists(spool);
        } catch (IOException e) {
          // a temporary file left behind costs disk space, not data
        }
      }
    }
  }

  /**
   * Why the bytes read from the source do not have the SHA-256 its listing gave: the blob changed
   * at the source while it was copied (a rerun copies it), or the source's content is damaged.
   */
  private String changedOrCorrupt(BlobInfo listed, String read) {
    BlobInfo now;
    try {
      now = source.info(listed.ref());
    } catch (BlobNotFoundException e) {
      return "blob " + listed.id() + " was deleted at the source during the copy";
    }
    if (now.version() != listed.version() || !now.updated().equals(listed.updated())) {
      return "blob " + listed.id() + " changed at the source during the copy; run the copy again";
    }
    return "blob "
        + listed.id()
        + " read from the source has SHA-256 "
        + read
        + " but the source records "
        + listed.sha256()
        + " (run verify on the source)";
  }

  private static boolean sameKey(BlobInfo a, BlobInfo b) {
    return Objects.equals(a.bucket(), b.bucket()) && Objects.equals(a.key(), b.key());
  }

  /** The id of the target blob under {@code blob}'s key if that is another blob, else null. */
  private String otherKeyHolder(BlobInfo blob) {
    if (blob.key() == null) {
      return null;
    }
    try {
      String id = onTarget.info(BlobRef.key(blob.bucket(), blob.key())).id();
      return id.equals(blob.id()) ? null : id;
    } catch (BlobNotFoundException e) {
      return null;
    }
  }

  private BlobInfo atTarget(String id) {
    try {
      return onTarget.info(BlobRef.id(id));
    } catch (BlobNotFoundException e) {
      return null;
    }
  }

  /** True if the target holds the blob as the source has it. */
  private static boolean same(BlobInfo from, BlobInfo to) {
    return from.size() == to.size()
        && from.version() == to.version()
        && from.updated().equals(to.updated())
        && Objects.equals(from.bucket(), to.bucket())
        && Objects.equals(from.key(), to.key())
        && (from.sha256() == null || from.sha256().equals(to.sha256()));
  }

  /** Why the stored copy is not the source's content, or null if it is. */
  private String mismatch(BlobInfo from, BlobInfo made) {
    if (from.sha256() != null && !from.sha256().equals(made.sha256())) {
      return changedOrCorrupt(from, made.sha256()) + "; the copy was removed";
    }
    VerifyReport back = onTarget.verify(made.ref());
    if (!back.ok()) {
      return "blob "
          + from.id()
          + " does not read back from the target as stored ("
          + back.problems().get(0)
          + "); the copy was removed";
    }
    return null;
  }

  private void fail(BlobInfo blob, String reason) {
    failures.add(reason);
    listener.failed(blob, reason);
  }
}
