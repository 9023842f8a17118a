package dev.blobkeep.internal;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.PutOptions;
import java.io.InputStream;

/**
 * Stores a blob copied from another store as that store has it: its id, bucket, key, content type,
 * user fields, times, version, MD5 and kept entity tag, all in the row the upload publishes, so a
 * copy stopped at any point leaves the blob absent or complete. The content is stored as any upload
 * stores it, so chunks of zeros (the unwritten ranges of a sparse blob) are not stored.
 */
final class Restore {
  private Restore() {}

  /**
   * Stores {@code content} as {@code source}'s blob, which must not exist in {@code engine}.
   *
   * @param replaceKeyHolder whether another blob under the same key is replaced; if not, such a
   *     blob makes the store fail with {@link dev.blobkeep.BlobExistsException} and stays
   * @return the stored blob's info; its SHA-256 is that of the bytes read from {@code content}
   */
  static BlobInfo run(
      Engine engine, BlobInfo source, InputStream content, boolean replaceKeyHolder) {
    PooledSession s = engine.session();
    s.checkWritable("copying blob " + source.id() + " in");
    PutOptions put =
        PutOptions.in(source.bucket())
            .key(source.key())
            .contentType(source.contentType())
            .meta(source.meta());
    if (!replaceKeyHolder && source.key() != null) {
      put = put.ifAbsent();
    }
    engine.ensureBucket(put.bucket());
    return new Upload(s, put, engine.chunkSize(), Sql.READY, source).run(content);
  }
}
