package dev.blobkeep.spring;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Blobs;
import dev.blobkeep.BucketInfo;
import dev.blobkeep.GcReport;
import dev.blobkeep.OpenMode;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.TransactionBody;
import dev.blobkeep.TransactionWork;
import dev.blobkeep.VerifyReport;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A {@link BlobStore} that takes part in Spring-managed transactions on the application's {@link
 * DataSource}, as {@code JdbcTemplate} does: inside {@code @Transactional} or a {@code
 * TransactionTemplate}, every operation runs on the transaction's connection ({@link
 * BlobStore#on(Connection)}), so the application's rows and its blobs commit or roll back together;
 * outside a transaction, operations run on the store as usual, each one atomic. The store must have
 * been opened on that same data source ({@link BlobStore#open(DataSource,
 * dev.blobkeep.StoreOptions)}).
 *
 * <p>Inside a transaction, {@link #inTransaction} and {@link #useTransaction} join it (as Spring's
 * {@code PROPAGATION_REQUIRED} does) and Spring's rules decide commit or rollback; a stream or
 * channel opened inside a transaction reads through its connection and must be used before the
 * transaction ends. {@link #verifyAll()}, {@link #gc()} and {@link #close()} always use the store
 * itself. Every operation is reported to a {@link BlobStoreObserver}. Thread-safe.
 */
public final class TransactionAwareBlobStore implements BlobStore {
  private final BlobStore store;
  private final DataSource dataSource;
  private final BlobStoreObserver observer;

  /**
   * @param store the store, opened on {@code dataSource}; closed by {@link #close()}
   * @param dataSource the data source whose Spring transactions the store joins, or null for a
   *     store on a database of its own ({@code blobkeep.location}), which never joins them
   * @param observer told about every operation ({@link BlobStoreObserver#NONE} for none)
   */
  public TransactionAwareBlobStore(
      BlobStore store, DataSource dataSource, BlobStoreObserver observer) {
    this.store = Objects.requireNonNull(store, "store");
    this.dataSource = dataSource;
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /**
   * The operations to use now: on the current Spring transaction's connection if one is active,
   * else the store itself.
   */
  Blobs current() {
    if (!inSpringTransaction()) {
      return store;
    }
    // Bound to the transaction: releasing it only drops the reference count; the transaction
    // manager closes it when the transaction ends, not before.
    Connection c = DataSourceUtils.getConnection(dataSource);
    DataSourceUtils.releaseConnection(c, dataSource);
    return store.on(c);
  }

  /** The store itself, which never joins a Spring transaction and reports nothing. */
  BlobStore store() {
    return store;
  }

  private boolean inSpringTransaction() {
    return dataSource != null && TransactionSynchronizationManager.isActualTransactionActive();
  }

  private <T> T call(String operation, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      T result = work.get();
      observer.completed(operation, System.nanoTime() - start, null);
      return result;
    } catch (RuntimeException | Error e) {
      observer.completed(operation, System.nanoTime() - start, e);
      throw e;
    }
  }

  private BlobInfo written(String operation, Supplier<BlobInfo> work) {
    BlobInfo info = call(operation, work);
    observer.bytesWritten(info.size());
    return info;
  }

  private long read(String operation, Supplier<Long> work) {
    long n = call(operation, work);
    observer.bytesRead(n);
    return n;
  }

  private byte[] readBytes(String operation, Supplier<byte[]> work) {
    byte[] bytes = call(operation, work);
    observer.bytesRead(bytes.length);
    return bytes;
  }

  @Override
  public BlobInfo put(InputStream in, PutOptions options) {
    return written("put", () -> current().put(in, options));
  }

  @Override
  public BlobInfo put(Path file, PutOptions options) {
    return written("put", () -> current().put(file, options));
  }

  @Override
  public BlobInfo put(byte[] bytes, PutOptions options) {
    return written("put", () -> current().put(bytes, options));
  }

  @Override
  public long get(BlobRef ref, OutputStream out) {
    return read("get", () -> current().get(ref, out));
  }

  @Override
  public long get(BlobRef ref, long offset, long length, OutputStream out) {
    return read("get", () -> current().get(ref, offset, length, out));
  }

  @Override
  public BlobInfo get(BlobRef ref, Path target) {
    BlobInfo info = call("get", () -> current().get(ref, target));
    observer.bytesRead(info.size());
    return info;
  }

  @Override
  public byte[] getBytes(BlobRef ref) {
    return readBytes("get", () -> current().getBytes(ref));
  }

  @Override
  public byte[] getBytes(BlobRef ref, long offset, long length) {
    return readBytes("get", () -> current().getBytes(ref, offset, length));
  }

  @Override
  public InputStream openStream(BlobRef ref) {
    return call("openStream", () -> new CountingInputStream(current().openStream(ref), observer));
  }

  @Override
  public InputStream openStream(BlobRef ref, long offset, long length) {
    return call(
        "openStream",
        () -> new CountingInputStream(current().openStream(ref, offset, length), observer));
  }

  @Override
  public BlobInfo info(BlobRef ref) {
    return call("info", () -> current().info(ref));
  }

  @Override
  public boolean exists(BlobRef ref) {
    return call("exists", () -> current().exists(ref));
  }

  @Override
  public Page<BlobInfo> list(Query query) {
    return call("list", () -> current().list(query));
  }

  @Override
  public String bucketOf(BlobRef ref) {
    return call("bucketOf", () -> current().bucketOf(ref));
  }

  @Override
  public Page<String> buckets(String after, int limit) {
    return call("buckets", () -> current().buckets(after, limit));
  }

  @Override
  public BlobInfo updateMeta(BlobRef ref, Map<String, ?> set, Collection<String> unset) {
    return call("updateMeta", () -> current().updateMeta(ref, set, unset));
  }

  @Override
  public void delete(BlobRef ref) {
    call(
        "delete",
        () -> {
          current().delete(ref);
          return null;
        });
  }

  @Override
  public void delete(BlobRef ref, String ifMatch) {
    call(
        "delete",
        () -> {
          current().delete(ref, ifMatch);
          return null;
        });
  }

  @Override
  public BlobChannel open(BlobRef ref, OpenMode mode, String ifMatch) {
    return call("open", () -> current().open(ref, mode, ifMatch));
  }

  @Override
  public boolean createBucket(String bucket) {
    return call("createBucket", () -> current().createBucket(bucket));
  }

  @Override
  public void deleteBucket(String bucket) {
    call(
        "deleteBucket",
        () -> {
          current().deleteBucket(bucket);
          return null;
        });
  }

  @Override
  public Optional<BucketInfo> bucket(String bucket) {
    return call("bucket", () -> current().bucket(bucket));
  }

  @Override
  public Page<BucketInfo> bucketInfos(String after, int limit) {
    return call("bucketInfos", () -> current().bucketInfos(after, limit));
  }

  @Override
  public BlobInfo stage(InputStream in, long expectedSize, PutOptions options) {
    return written("stage", () -> current().stage(in, expectedSize, options));
  }

  @Override
  public Page<BlobInfo> listStaged(
      String bucket, Map<String, String> metaEquals, String after, int limit) {
    return call("listStaged", () -> current().listStaged(bucket, metaEquals, after, limit));
  }

  @Override
  public BlobInfo compose(List<BlobRef> parts, PutOptions target) {
    return call("compose", () -> current().compose(parts, target));
  }

  @Override
  public BlobInfo allocate(long size, PutOptions options) {
    return call("allocate", () -> current().allocate(size, options));
  }

  @Override
  public BlobChannel open(BlobRef ref, OpenMode mode) {
    return call("open", () -> current().open(ref, mode));
  }

  @Override
  public BlobInfo resize(BlobRef ref, long newSize) {
    return call("resize", () -> current().resize(ref, newSize));
  }

  @Override
  public VerifyReport verify(BlobRef ref) {
    return call("verify", () -> current().verify(ref));
  }

  @Override
  public String location() {
    return store.location();
  }

  @Override
  public <T, X extends Exception> T inTransaction(TransactionBody<T, X> body) throws X {
    if (inSpringTransaction()) {
      return body.run(this);
    }
    return store.inTransaction(body);
  }

  @Override
  public <X extends Exception> void useTransaction(TransactionWork<X> work) throws X {
    if (inSpringTransaction()) {
      work.run(this);
      return;
    }
    store.useTransaction(work);
  }

  @Override
  public Blobs on(Connection connection) {
    return store.on(connection);
  }

  @Override
  public VerifyReport verifyAll() {
    return call("verifyAll", store::verifyAll);
  }

  @Override
  public GcReport gc() {
    return call("gc", store::gc);
  }

  @Override
  public void close() {
    store.close();
  }

  @Override
  public String toString() {
    return "TransactionAwareBlobStore{" + store.location() + "}";
  }
}
