package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.Blobs;
import dev.blobkeep.BucketInfo;
import dev.blobkeep.ContentTypes;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.OpenMode;
import dev.blobkeep.Page;
import dev.blobkeep.PreconditionFailedException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreException;
import dev.blobkeep.VerifyReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The store operations, over whichever {@link Session} they are given. */
class Ops implements Blobs {
  /** Largest array {@link #getBytes} returns (the JDK's practical array limit). */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** Most bucket names {@link #ensureBucket} remembers before it starts over. */
  private static final int KNOWN_BUCKETS = 10_000;

  final Session session;
  private final int chunkSize;

  /** Buckets known to have their row: puts into them skip the insert. */
  private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();

  Ops(Session session, int chunkSize) {
    this.session = session;
    this.chunkSize = chunkSize;
  }

  @Override
  public BlobInfo put(InputStream in, PutOptions options) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(options, "options");
    session.checkOpen();
    ensureBucket(options.bucket());
    return new Upload(session, options, chunkSize).run(in);
  }

  @Override
  public BlobInfo put(Path file, PutOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    try (InputStream in = Files.newInputStream(file)) {
      PutOptions typed =
          options.hasContentType() ? options : options.contentType(ContentTypes.guess(file));
      return put(in, typed);
    } catch (NoSuchFileException e) {
      throw new InvalidArgumentException("file " + file + " does not exist");
    } catch (IOException e) {
      throw new StoreException("cannot read file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public BlobInfo put(byte[] bytes, PutOptions options) {
    Objects.requireNonNull(bytes, "bytes");
    return put(new ByteArrayInputStream(bytes), options);
  }

  @Override
  public long get(BlobRef ref, OutputStream out) {
    Objects.requireNonNull(out, "out");
    Rows.Head head = contentHead(ref);
    return copy(head.row(), 0, head.row().size(), out, head.first());
  }

  @Override
  public long get(BlobRef ref, long offset, long length, OutputStream out) {
    BlobRow row = live(ref);
    checkRange(row, offset, length);
    return copy(row, offset, length, out, null);
  }

  @Override
  public BlobInfo get(BlobRef ref, Path target) {
    Objects.requireNonNull(target, "target");
    return FileDownload.run(session, head(ref), target);
  }

  @Override
  public byte[] getBytes(BlobRef ref) {
    Rows.Head head = contentHead(ref);
    BlobRow row = head.row();
    if (head.first().data().length == row.size()) {
      return head.first().data(); // the whole blob is its first chunk, a fresh array
    }
    return bytes(row, 0, row.size(), head.first());
  }

  @Override
  public byte[] getBytes(BlobRef ref, long offset, long length) {
    BlobRow row = live(ref);
    checkRange(row, offset, length);
    return bytes(row, offset, length, null);
  }

  private byte[] bytes(BlobRow row, long offset, long length, ChunkReader.Chunk first) {
    if (length > MAX_ARRAY) {
      throw new InvalidArgumentException(
          "blob "
              + row.id()
              + " range of "
              + length
              + " bytes is larger than an array can hold ("
              + MAX_ARRAY
              + "); use get(ref, OutputStream) or openStream(ref)");
    }
    byte[] out = new byte[(int) length];
    try (InputStream in = new BlobInputStream(session, row, offset, length, first, true)) {
      int done = 0;
      while (done < out.length) {
        done += in.read(out, done, out.length - done);
      }
    } catch (IOException e) {
      throw unwrap(e);
    }
    return out;
  }

  @Override
  public InputStream openStream(BlobRef ref) {
    BlobRow row = live(ref);
    return new BlobInputStream(session, row, 0, row.size());
  }

  @Override
  public InputStream openStream(BlobRef ref, long offset, long length) {
    BlobRow row = live(ref);
    checkRange(row, offset, length);
    return new BlobInputStream(session, row, offset, length);
  }

  private long copy(
      BlobRow row, long offset, long length, OutputStream out, ChunkReader.Chunk first) {
    Objects.requireNonNull(out, "out");
    try (BlobInputStream in = new BlobInputStream(session, row, offset, length, first, true)) {
      return in.copyTo(out);
    }
  }

  static BlobkeepException unwrap(IOException e) {
    if (e.getCause() instanceof BlobkeepException b) {
      return b;
    }
    return new StoreException(e.getMessage(), e);
  }

  private static void checkRange(BlobRow row, long offset, long length) {
    if (offset < 0 || length < 0 || offset > row.size() || length > row.size() - offset) {
      throw new InvalidArgumentException(
          "range offset "
              + offset
              + " length "
              + length
              + " is outside blob "
              + row.id()
              + " of size "
              + row.size());
    }
  }

  @Override
  public BlobInfo info(BlobRef ref) {
    return live(ref).info();
  }

  @Override
  public boolean exists(BlobRef ref) {
    Objects.requireNonNull(ref, "ref");
    return session.read(
        "looking up blob " + ref.describe(),
        c -> {
          BlobRow row =
              ref.isId()
                  ? Rows.byId(c, session, ref.id())
                  : Rows.byKey(c, session, ref.bucket(), ref.key());
          return row != null && row.live();
        });
  }

  @Override
  public Page<BlobInfo> list(Query query) {
    Objects.requireNonNull(query, "query");
    return Listing.run(session, query);
  }

  @Override
  public String bucketOf(BlobRef ref) {
    return live(ref).bucket();
  }

  @Override
  public Page<String> buckets(String after, int limit) {
    session.checkOpen();
    return BucketRows.names(session, after, limit);
  }

  @Override
  public boolean createBucket(String bucket) {
    String name = PutOptions.in(bucket).bucket();
    session.checkOpen();
    boolean created = BucketRows.create(session, name);
    knownBuckets.add(name);
    return created;
  }

  @Override
  public void deleteBucket(String bucket) {
    String name = PutOptions.in(bucket).bucket();
    session.checkOpen();
    knownBuckets.remove(name);
    BucketRows.delete(session, name);
  }

  @Override
  public Optional<BucketInfo> bucket(String bucket) {
    String name = PutOptions.in(bucket).bucket();
    session.checkOpen();
    return BucketRows.info(session, name);
  }

  @Override
  public Page<BucketInfo> bucketInfos(String after, int limit) {
    session.checkOpen();
    return BucketRows.page(session, after, limit);
  }

  /**
   * Makes sure the bucket a new blob goes into has its row. In a caller's transaction the row is
   * inserted in that transaction; otherwise on its own, before the blob is stored, once per bucket
   * and store (a failed put may so leave the new bucket behind, empty).
   */
  void ensureBucket(String bucket) {
    if (session.bound()) {
      session.write("creating bucket " + bucket, c -> BucketRows.ensure(c, session, bucket));
      return;
    }
    if (knownBuckets.contains(bucket)) {
      return;
    }
    session.writeStatement("creating bucket " + bucket, c -> BucketRows.ensure(c, session, bucket));
    if (knownBuckets.size() >= KNOWN_BUCKETS) {
      knownBuckets.clear();
    }
    knownBuckets.add(bucket);
  }

  @Override
  public BlobInfo updateMeta(BlobRef ref, Map<String, ?> set, Collection<String> unset) {
    Objects.requireNonNull(ref, "ref");
    Map<String, Object> toSet = Json.checkFields(set == null ? Map.of() : set);
    List<String> toUnset = new ArrayList<>(unset == null ? List.of() : unset);
    toUnset.forEach(Json::checkFieldName);
    return session
        .write(
            "updating user fields of blob " + ref.describe(),
            c -> {
              BlobRow row = Rows.live(c, session, ref);
              Map<String, Object> meta = new LinkedHashMap<>(Json.readStored(row.metaJson()));
              meta.putAll(toSet);
              toUnset.forEach(meta::remove);
              String json = Json.write(Json.checkFields(meta));
              Rows.exec(
                  c,
                  session,
                  session.sql().setMeta,
                  json,
                  System.currentTimeMillis(),
                  new Id(row.id()));
              return Rows.byId(c, session, row.id());
            })
        .info();
  }

  @Override
  public void delete(BlobRef ref) {
    try {
      Delete.run(
          session, ref, null, "deleting blob " + Objects.requireNonNull(ref, "ref").describe());
    } catch (BlobNotFoundException e) {
      if (ref.isId() && Staging.abort(session, ref.id())) {
        return; // a staged blob: aborted
      }
      throw e;
    }
  }

  @Override
  public BlobInfo stage(InputStream in, long expectedSize, PutOptions options) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(options, "options");
    session.checkOpen();
    ensureBucket(options.bucket());
    return Staging.stage(session, chunkSize, in, expectedSize, options);
  }

  @Override
  public Page<BlobInfo> listStaged(
      String bucket, Map<String, String> metaEquals, String after, int limit) {
    String name = PutOptions.in(bucket).bucket();
    session.checkOpen();
    return Staging.list(session, name, metaEquals, after, limit);
  }

  @Override
  public BlobInfo compose(List<BlobRef> parts, PutOptions target) {
    Objects.requireNonNull(parts, "parts");
    Objects.requireNonNull(target, "target");
    session.checkOpen();
    return Compose.run(session, chunkSize, parts, target);
  }

  @Override
  public void delete(BlobRef ref, String ifMatch) {
    Objects.requireNonNull(ifMatch, "ifMatch");
    Delete.run(
        session, ref, ifMatch, "deleting blob " + ref.describe() + " if its ETag is " + ifMatch);
  }

  @Override
  public BlobInfo allocate(long size, PutOptions options) {
    Objects.requireNonNull(options, "options");
    if (size < 0) {
      throw new InvalidArgumentException("size must be >= 0, got " + size);
    }
    session.checkOpen();
    ensureBucket(options.bucket());
    return new Upload(session, options, chunkSize).allocate(size);
  }

  @Override
  public BlobChannel open(BlobRef ref, OpenMode mode) {
    Objects.requireNonNull(mode, "mode");
    return new Channel(session, live(ref), mode, null);
  }

  @Override
  public BlobChannel open(BlobRef ref, OpenMode mode, String ifMatch) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(ifMatch, "ifMatch");
    BlobRow row = live(ref);
    String etag = row.info().etag();
    if (!ifMatch.equals(etag)) {
      throw new PreconditionFailedException(ref.describe(), ifMatch, etag);
    }
    return new Channel(session, row, mode, ifMatch);
  }

  @Override
  public BlobInfo resize(BlobRef ref, long newSize) {
    return InPlace.resize(session, live(ref).id(), newSize, null).info();
  }

  @Override
  public VerifyReport verify(BlobRef ref) {
    BlobRow row = live(ref);
    Verifier.Findings found = new Verifier.Findings();
    long bytes = Verifier.verifyLive(session, row, found);
    return Verifier.report(1, bytes, found);
  }

  /** The blob's row and first chunk, in one statement. */
  private Rows.Head head(BlobRef ref) {
    Objects.requireNonNull(ref, "ref");
    return session.read("looking up blob " + ref.describe(), c -> Rows.head(c, session, ref));
  }

  /** The blob's id, size and version and its first chunk, in one statement. */
  private Rows.Head contentHead(BlobRef ref) {
    Objects.requireNonNull(ref, "ref");
    return session.read(
        () -> "looking up blob " + ref.describe(), c -> Rows.contentHead(c, session, ref));
  }

  BlobRow live(BlobRef ref) {
    Objects.requireNonNull(ref, "ref");
    return session.read("looking up blob " + ref.describe(), c -> Rows.live(c, session, ref));
  }
}
