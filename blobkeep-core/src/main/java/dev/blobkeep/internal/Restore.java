package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.PutOptions;
import java.io.InputStream;

/**
 * Stores a blob copied from another store as that store has it: its id, bucket, key, content type
 * and user fields go into the upload, and its times, version, MD5 and kept entity tag are set on
 * the published row right after, in a transaction of their own. A copy stopped in between leaves
 * the blob with the copy's time as its {@code updated}, which the next copy sees as changed and
 * copies again. The content is stored as any upload stores it, so chunks of zeros (the unwritten
 * ranges of a sparse blob) are not stored.
 */
final class Restore {
  private Restore() {}

  /**
   * Stores {@code content} as {@code source}'s blob, which must not exist in {@code engine}.
   *
   * @return the stored blob's info; its SHA-256 is that of the bytes read from {@code content}
   */
  static BlobInfo run(Engine engine, BlobInfo source, InputStream content) {
    PooledSession s = engine.session();
    s.checkWritable("copying blob " + source.id() + " in");
    PutOptions put =
        PutOptions.in(source.bucket())
            .key(source.key())
            .contentType(source.contentType())
            .meta(source.meta());
    engine.ensureBucket(put.bucket());
    BlobInfo made = new Upload(s, put, engine.chunkSize(), Sql.READY, source.id()).run(content);
    String keep =
        "UPDATE "
            + s.dialect().blobsTable()
            + " SET created = ?, updated = ?, version = ?, md5 = ?, etag = ? WHERE id = ?";
    return s.write(
            "keeping the times and version of blob " + source.id(),
            c -> {
              Rows.exec(
                  c,
                  s,
                  keep,
                  source.created().toEpochMilli(),
                  source.updated().toEpochMilli(),
                  source.version(),
                  source.md5(),
                  source.storedEtag(),
                  new Id(made.id()));
              return Rows.byId(c, s, made.id());
            })
        .info();
  }
}
