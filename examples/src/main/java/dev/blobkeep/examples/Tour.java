package dev.blobkeep.examples;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.Whence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's tour of the library, as it is printed there (the region between the {@code tag}
 * comments is included in README.md and docs/library.md, and checked by {@code DocsSamplesTest}).
 * It works in the current directory: it writes {@code cat.png} if there is none, stores it in
 * {@code blobs.db} and writes {@code copy.png}.
 *
 * <pre>examples/run Tour</pre>
 */
public final class Tour {
  private Tour() {}

  public static void main(String[] args) throws IOException {
    if (Files.notExists(Path.of("cat.png"))) {
      Files.write(Path.of("cat.png"), Drawings.png(1));
    }
    try (BlobStore store = BlobStore.open("blobs.db")) {
      store.put("old".getBytes(StandardCharsets.UTF_8), PutOptions.at("docs", "old"));
    }
    tour();
    try (BlobStore store = BlobStore.open("blobs.db")) {
      for (BlobInfo blob : store.list(Query.all()).items()) {
        System.out.println(blob.bucket() + "/" + blob.key() + "  " + blob.size() + " bytes");
      }
    }
  }

  /** The tour itself: put, get, list, allocate and write in place, a transaction. */
  static void tour() throws IOException {
    // tag::tour[]
    try (BlobStore store = BlobStore.open("blobs.db")) { // or "jdbc:postgresql://..."
      BlobInfo info =
          store.put(
              Path.of("cat.png"),
              PutOptions.at("photos", "2024/cat.png")
                  .contentType("image/png")
                  .meta("owner", "ann"));
      store.get(BlobRef.parse("photos/2024/cat.png"), Path.of("copy.png")); // atomic replace

      Page<BlobInfo> page =
          store.list(Query.bucket("photos").where("owner", "ann").fields("id", "key"));

      BlobInfo big = store.allocate(1L << 30, PutOptions.in("scratch")); // O(1), sparse
      try (BlobChannel ch = store.open(big.ref(), OpenMode.READ_WRITE)) {
        ch.seek(4096, Whence.START);
        ch.write("hello".getBytes(StandardCharsets.UTF_8)); // atomic, durable
      }

      store.useTransaction(
          tx -> { // all or nothing
            tx.put("a".getBytes(StandardCharsets.UTF_8), PutOptions.at("docs", "a"));
            tx.delete(BlobRef.key("docs", "old"));
          });
    }
    // end::tour[]
  }
}
