package dev.blobkeep.internal;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BucketInfo;
import dev.blobkeep.Page;
import dev.blobkeep.Query;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The store operations with the plain reads (info, exists, list, get, streams, bucket listings)
 * sent to a session of their own when there is one ({@link dev.blobkeep.ReadFrom#STANDBY_PREFERRED}
 * : a pool of connections to a standby). Every other operation, including the reads that a write
 * depends on (a condition, a channel's version), runs on the primary session.
 */
class ReadRouting extends Ops {
  /** The plain reads' operations, or null when they run on the primary session too. */
  private final Ops reads;

  ReadRouting(Session primary, Session reads, int chunkSize) {
    super(primary, chunkSize);
    this.reads = reads == null ? null : new Ops(reads, chunkSize);
  }

  @Override
  public long get(BlobRef ref, OutputStream out) {
    return reads == null ? super.get(ref, out) : reads.get(ref, out);
  }

  @Override
  public long get(BlobRef ref, long offset, long length, OutputStream out) {
    return reads == null
        ? super.get(ref, offset, length, out)
        : reads.get(ref, offset, length, out);
  }

  @Override
  public BlobInfo get(BlobRef ref, Path target) {
    return reads == null ? super.get(ref, target) : reads.get(ref, target);
  }

  @Override
  public byte[] getBytes(BlobRef ref) {
    return reads == null ? super.getBytes(ref) : reads.getBytes(ref);
  }

  @Override
  public byte[] getBytes(BlobRef ref, long offset, long length) {
    return reads == null
        ? super.getBytes(ref, offset, length)
        : reads.getBytes(ref, offset, length);
  }

  @Override
  public InputStream openStream(BlobRef ref) {
    return reads == null ? super.openStream(ref) : reads.openStream(ref);
  }

  @Override
  public InputStream openStream(BlobRef ref, long offset, long length) {
    return reads == null
        ? super.openStream(ref, offset, length)
        : reads.openStream(ref, offset, length);
  }

  @Override
  public BlobInfo info(BlobRef ref) {
    return reads == null ? super.info(ref) : reads.info(ref);
  }

  @Override
  public boolean exists(BlobRef ref) {
    return reads == null ? super.exists(ref) : reads.exists(ref);
  }

  @Override
  public Page<BlobInfo> list(Query query) {
    return reads == null ? super.list(query) : reads.list(query);
  }

  @Override
  public Page<String> buckets(String after, int limit) {
    return reads == null ? super.buckets(after, limit) : reads.buckets(after, limit);
  }

  @Override
  public Optional<BucketInfo> bucket(String bucket) {
    return reads == null ? super.bucket(bucket) : reads.bucket(bucket);
  }

  @Override
  public Page<BucketInfo> bucketInfos(String after, int limit) {
    return reads == null ? super.bucketInfos(after, limit) : reads.bucketInfos(after, limit);
  }
}
