package dev.blobkeep;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * The operations on stored blobs. A {@link BlobStore} is one; so is the view handed to a
 * transaction ({@link BlobStore#inTransaction(TransactionBody)}) and the view over a caller's own
 * connection ({@link BlobStore#on(java.sql.Connection)}), whose operations all belong to that
 * transaction.
 *
 * <p>Every method either completes or throws a {@link BlobkeepException} and leaves stored data as
 * it was. Content is always streamed: memory does not grow with a blob's size (except in {@link
 * #getBytes(BlobRef)}, which returns an array).
 */
public interface Blobs {

  /**
   * Stores everything {@code in} returns until end-of-stream, as a new blob. Does not close {@code
   * in}. If the options name a key that is taken, the old blob is replaced atomically (readers see
   * the old or the new one, never a mix) unless {@link PutOptions#ifAbsent()} was given.
   *
   * @param in the content, read to its end and left open
   * @param options bucket, key, content type, user fields and conditions of the new blob
   * @return the new blob's info, with its SHA-256
   * @throws BlobExistsException with {@code ifAbsent} when the key is taken
   * @throws PreconditionFailedException with {@link PutOptions#ifMatch(String)} when the blob under
   *     the key has another entity tag, or there is none, as the new blob is published
   * @throws StoreException if reading {@code in} fails; nothing is stored
   */
  BlobInfo put(InputStream in, PutOptions options);

  /**
   * Stores a file's content; see {@link #put(InputStream, PutOptions)}. Without a content type in
   * {@code options}, stores {@link ContentTypes#guess(Path)}: by file name, then by content.
   *
   * @param file the file to store, read from its start to its end
   * @param options as for {@link #put(InputStream, PutOptions)}
   * @return the new blob's info, with its SHA-256
   * @throws InvalidArgumentException if the file does not exist
   * @throws StoreException if the file cannot be read; nothing is stored
   */
  BlobInfo put(Path file, PutOptions options);

  /**
   * Stores bytes; see {@link #put(InputStream, PutOptions)}.
   *
   * @param bytes the content; the array is not kept
   * @param options as for {@link #put(InputStream, PutOptions)}
   * @return the new blob's info, with its SHA-256
   */
  BlobInfo put(byte[] bytes, PutOptions options);

  /**
   * Stores bytes in bucket {@code default} without a key.
   *
   * @param bytes the content; the array is not kept
   * @return the new blob's info; address it later by its {@link BlobInfo#id()}
   */
  default BlobInfo put(byte[] bytes) {
    return put(bytes, PutOptions.defaults());
  }

  /**
   * Writes the whole blob to {@code out} (not closed).
   *
   * @param ref the blob, by id or by bucket and key
   * @param out where the content goes; not closed
   * @return the number of bytes written, the blob's size
   * @throws BlobNotFoundException if no blob matches
   */
  long get(BlobRef ref, OutputStream out);

  /**
   * Writes {@code length} bytes from {@code offset} to {@code out}.
   *
   * @param ref the blob, by id or by bucket and key
   * @param offset the first byte written, counted from 0
   * @param length how many bytes are written
   * @param out where the bytes go; not closed
   * @return the number of bytes written, {@code length}
   * @throws BlobNotFoundException if no blob matches
   * @throws InvalidArgumentException naming offset, length and size unless {@code 0 <= offset},
   *     {@code 0 <= length} and {@code offset + length <= size}
   */
  long get(BlobRef ref, long offset, long length, OutputStream out);

  /**
   * Writes the whole blob to {@code target}, replacing it only once every byte has arrived (the
   * bytes go to a temporary file beside it first, which is moved into place). A blob of 1 MiB or
   * more and more than one chunk is written into the file by a short-lived thread of its own while
   * the calling thread reads the next chunks; the call returns once both are done.
   *
   * @param ref the blob, by id or by bucket and key
   * @param target the file written; its directory must exist
   * @return the info of the blob written
   * @throws BlobNotFoundException if no blob matches
   * @throws StoreException naming the file if it cannot be written; {@code target} is then as it
   *     was
   */
  BlobInfo get(BlobRef ref, Path target);

  /**
   * {@return the whole blob as a new array}
   *
   * @param ref the blob, by id or by bucket and key
   * @throws BlobNotFoundException if no blob matches
   * @throws InvalidArgumentException naming the size if the blob is larger than an array holds
   */
  byte[] getBytes(BlobRef ref);

  /**
   * {@return a range of the blob as a new array}
   *
   * @param ref the blob, by id or by bucket and key
   * @param offset the first byte returned, counted from 0
   * @param length how many bytes are returned
   * @throws InvalidArgumentException unless the range lies within the blob, as for {@link
   *     #get(BlobRef, long, long, OutputStream)}
   */
  byte[] getBytes(BlobRef ref, long offset, long length);

  /**
   * A stream over the whole blob that reads one chunk at a time as it is consumed. If the blob is
   * deleted, replaced or written in place before the stream is done, the next read throws an {@link
   * java.io.IOException} caused by {@link BlobExpiredException}. Holds no connection between reads.
   *
   * @param ref the blob, by id or by bucket and key
   * @return the stream, which the caller closes
   * @throws BlobNotFoundException if no blob matches when the stream is opened
   */
  InputStream openStream(BlobRef ref);

  /**
   * {@return a stream over a range of the blob}, read as {@link #openStream(BlobRef)} reads.
   *
   * @param ref the blob, by id or by bucket and key
   * @param offset the first byte the stream returns, counted from 0
   * @param length how many bytes the stream returns before its end
   * @throws InvalidArgumentException unless the range lies within the blob, as for {@link
   *     #get(BlobRef, long, long, OutputStream)}
   */
  InputStream openStream(BlobRef ref, long offset, long length);

  /**
   * The blob's metadata, never its content: O(1) whatever the size. Its SHA-256 is null while it is
   * stale (after an allocate or an in-place write, until {@link #verify(BlobRef)} recomputes it);
   * its {@link BlobInfo#etag()} is always set.
   *
   * @param ref the blob, by id or by bucket and key
   * @return the blob's info
   * @throws BlobNotFoundException if no blob matches
   */
  BlobInfo info(BlobRef ref);

  /**
   * {@return true if a visible blob matches} A staged blob or an upload in progress is not visible.
   *
   * @param ref the blob, by id or by bucket and key
   */
  boolean exists(BlobRef ref);

  /**
   * {@return one page of the blobs matching the query, without content}
   *
   * @param query bucket, prefix, order and page size; see {@link Query}
   */
  Page<BlobInfo> list(Query query);

  /**
   * The bucket of the visible blob {@code ref} names, from its row alone: no content is read and no
   * SHA-256 computed, so it is cheap enough to check access before any work.
   *
   * @param ref the blob, by id or by bucket and key
   * @return the bucket's name
   * @throws BlobNotFoundException if no blob matches
   */
  String bucketOf(BlobRef ref);

  /**
   * One page of the names of the store's buckets, empty ones included, in binary order (names are
   * ASCII), starting after {@code after} (exclusive; null for the first page). One index range of
   * the buckets table, never a scan of the blobs.
   *
   * @param after the last name of the previous page (exclusive), or null for the first page
   * @param limit most names returned, 1 to 1000
   * @return the names; its {@link Page#nextCursor()} is the {@code after} of the next page, null on
   *     the last
   * @throws InvalidArgumentException if {@code limit} is out of range
   */
  Page<String> buckets(String after, int limit);

  /**
   * Creates an empty bucket. A bucket exists while empty, until {@link #deleteBucket(String)};
   * storing a blob into a bucket that does not exist creates it too.
   *
   * @param bucket the bucket's name
   * @return true if the bucket was created now, false if it already existed
   * @throws InvalidArgumentException if the name is not a valid bucket name
   */
  boolean createBucket(String bucket);

  /**
   * Deletes an empty bucket.
   *
   * @param bucket the bucket's name
   * @throws BucketNotEmptyException if it holds any blob: a visible one, an upload in progress or a
   *     staged blob; nothing is deleted
   * @throws BucketNotFoundException if there is no such bucket
   */
  void deleteBucket(String bucket);

  /**
   * {@return the bucket, or empty if it does not exist}
   *
   * @param bucket the bucket's name
   * @throws InvalidArgumentException if the name is not a valid bucket name
   */
  java.util.Optional<BucketInfo> bucket(String bucket);

  /**
   * One page of buckets, empty ones included, in binary name order; as {@link #buckets(String,
   * int)} with each bucket's creation time.
   *
   * @param after the last name of the previous page (exclusive), or null for the first page
   * @param limit most buckets returned, 1 to 1000
   * @return the buckets; its {@link Page#nextCursor()} is the {@code after} of the next page, null
   *     on the last
   * @throws InvalidArgumentException if {@code limit} is out of range
   */
  Page<BucketInfo> bucketInfos(String after, int limit);

  /**
   * Stores content as a staged blob: stored and checksummed like any blob, but never visible to a
   * get by key, a listing or a bucket page; addressable by its id, to {@link #compose}, {@link
   * #listStaged} and {@link #delete(BlobRef)} (an abort). The options' bucket, content type, user
   * fields, {@link PutOptions#computeMd5()}, {@link PutOptions#skipSha256()} and {@link
   * PutOptions#etag(String)} apply; key and conditions do not. The garbage collector removes a
   * staged blob older than {@link StoreOptions#stagedExpiry()} that was not composed.
   *
   * <p>A staged blob's content is committed without waiting for the disk where the database allows
   * it (SQLite and PostgreSQL; on MariaDB every commit is as durable as the server's settings make
   * it): on a store opened {@link StoreOptions#durable() durable}, the durable commit of the {@link
   * #compose} that consumes it makes it durable, with every earlier commit. Until then a staged
   * blob this method returned may be gone, whole, after a crash that loses the log not yet flushed:
   * on SQLite an operating-system crash or a power cut (a crash of this process alone loses
   * nothing: each commit is written to the log file, only not flushed); on PostgreSQL also any
   * crash of the PostgreSQL server, such as an immediate shutdown or one backend crashing or killed
   * by the operating system, after which the server resets shared memory and recovers from the log
   * on disk. A compose naming it then fails with {@link StagedBlobNotFoundException}, and nothing
   * of it becomes visible.
   *
   * @param in the content, read to its end and left open
   * @param expectedSize the content's length, or -1 if unknown
   * @param options bucket, content type, user fields and digests of the staged blob
   * @return the staged blob's info; its key is null
   * @throws StoreException if the content is not {@code expectedSize} bytes long, or reading it
   *     fails; nothing is stored
   */
  BlobInfo stage(InputStream in, long expectedSize, PutOptions options);

  /**
   * One page of the staged blobs of {@code bucket} whose user fields equal every entry of {@code
   * metaEquals} (string values), in id order.
   *
   * @param bucket the bucket whose staged blobs are listed
   * @param metaEquals user fields a staged blob must have, with these string values; empty for all
   * @param after the last id of the previous page (exclusive), or null for the first page
   * @param limit most blobs returned, 1 to 1000
   * @return the page; its {@link Page#nextCursor()} is the last id, null on the last page
   */
  Page<BlobInfo> listStaged(String bucket, Map<String, String> metaEquals, String after, int limit);

  /**
   * Makes the staged blobs {@code parts}, in order, the content of a new blob, in one short
   * transaction that also consumes them (they are gone afterwards). Bucket, key, content type, user
   * fields and {@link PutOptions#etag(String)} come from {@code target}; {@link
   * PutOptions#ifAbsent()} and {@link PutOptions#ifMatch(String)} are honoured as by a put. When
   * every part but the last holds a whole number of chunks of one chunk size, the chunk rows are
   * re-keyed, not copied; otherwise the bytes are first copied into one new staged blob, whose
   * SHA-256 (and MD5, with {@link PutOptions#computeMd5()}) is computed as it is copied and kept by
   * the new blob ({@link BlobInfo#version()} 0). Parts re-keyed as they are make a blob whose
   * SHA-256 is stale (null, version 1, until {@link #verify(BlobRef)}), unless there is one part:
   * the new blob keeps its MD5, and its SHA-256 if one was computed (not {@link
   * PutOptions#skipSha256()}; version 0 then). On a store opened {@link StoreOptions#durable()
   * durable}, its commit is durable and makes the parts durable with it. On failure the parts and
   * the blob under the target key are as they were.
   *
   * @param parts staged blobs by id, each named once
   * @param target bucket, key, content type, user fields and conditions of the new blob
   * @return the new blob's info
   * @throws StagedBlobNotFoundException naming the part that is not a staged blob
   * @throws BlobExistsException with {@code ifAbsent} when the key is taken
   * @throws PreconditionFailedException with {@code ifMatch} when the blob under the key has
   *     another entity tag
   * @throws InvalidArgumentException if there are no parts, or a part is named twice or by key
   */
  BlobInfo compose(java.util.List<BlobRef> parts, PutOptions target);

  /**
   * Sets and removes user fields without touching content.
   *
   * @param ref the blob, by id or by bucket and key
   * @param set fields to add or replace
   * @param unset fields to remove
   * @return the updated info
   */
  BlobInfo updateMeta(BlobRef ref, Map<String, ?> set, Collection<String> unset);

  /**
   * Removes the blob and its chunks; also a staged blob named by id (an abort).
   *
   * @param ref the blob, by id or by bucket and key
   * @throws BlobNotFoundException if no blob matches
   */
  void delete(BlobRef ref);

  /**
   * Removes the blob and its chunks if its entity tag is still {@code ifMatch}: the tag is checked
   * in the transaction that deletes, so a concurrent change makes this fail instead of being lost.
   *
   * @param ref the blob, by id or by bucket and key
   * @param ifMatch the entity tag the blob must have, as {@link BlobInfo#etag()} returns it
   * @throws PreconditionFailedException naming both tags if the blob's {@link BlobInfo#etag()} is
   *     not {@code ifMatch}, or if there is no such blob (its current tag is then null); nothing is
   *     deleted
   */
  void delete(BlobRef ref, String ifMatch);

  /**
   * Creates a zero-filled blob of {@code size} bytes in O(1) time and space (SQLite's {@code
   * zeroblob}). Its SHA-256 is null until {@link #verify(BlobRef)} computes it; its entity tag is
   * made from id and version.
   *
   * @param size the blob's size in bytes
   * @param options bucket, key, content type, user fields and conditions of the new blob
   * @return the new blob's info
   * @throws InvalidArgumentException if {@code size < 0}
   */
  BlobInfo allocate(long size, PutOptions options);

  /**
   * Opens a channel for incremental I/O: positioned reads, and in a writing mode writes and resizes
   * in place.
   *
   * @param ref the blob, by id or by bucket and key
   * @param mode what the channel may do
   * @return the channel, which the caller closes
   * @throws BlobNotFoundException if no blob matches
   */
  BlobChannel open(BlobRef ref, OpenMode mode);

  /**
   * Opens a channel whose writes and resizes happen only while nobody else changed the blob: the
   * blob's entity tag must be {@code ifMatch} when the channel opens and at its first write, and at
   * each later write the tag the channel's own previous write left. Each check runs in the
   * transaction that writes, so a concurrent change makes the write fail with an {@link
   * java.io.IOException} caused by {@link PreconditionFailedException}, writing nothing, instead of
   * being lost. Reads are not checked.
   *
   * @param ref the blob, by id or by bucket and key
   * @param mode what the channel may do
   * @param ifMatch the entity tag the blob must have, as {@link BlobInfo#etag()} returns it
   * @return the channel, which the caller closes
   * @throws PreconditionFailedException if the blob's entity tag is not {@code ifMatch} now
   */
  BlobChannel open(BlobRef ref, OpenMode mode, String ifMatch);

  /**
   * Grows (zero-filled, O(1)) or shrinks a blob.
   *
   * @param ref the blob, by id or by bucket and key
   * @param newSize the size in bytes the blob has afterwards
   * @return the blob's info after the change
   * @throws InvalidArgumentException if {@code newSize < 0}
   */
  BlobInfo resize(BlobRef ref, long newSize);

  /**
   * Recomputes every chunk's CRC32C and the blob's SHA-256 and reports each problem.
   *
   * @param ref the blob, by id or by bucket and key
   * @return what was checked and every problem found; empty problems if the blob is intact
   * @throws BlobNotFoundException if no blob matches
   */
  VerifyReport verify(BlobRef ref);
}
