package dev.blobkeep.examples;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * RethinkDB's "storing files" recipe: files saved with a {@code user_id} and {@code filename}, then
 * a user's files listed by id and filename without fetching their content, and one read back.
 *
 * <pre>examples/run FilesPerUser [LOCATION]</pre>
 */
public final class FilesPerUser {
  private FilesPerUser() {}

  public static void main(String[] args) throws Exception {
    try (Scratch scratch = new Scratch();
        BlobStore store = BlobStore.open(scratch.store(args, "files"))) {
      save(store, "ann", "notes.txt", "buy milk");
      save(store, "ann", "todo.md", "# today\n- write the report");
      save(store, "bob", "song.txt", "la la la");

      // r.table('files').filter({user_id: 'ann'}).pluck('id', 'filename')
      Query annsFiles = Query.bucket("files").where("user_id", "ann").fields("id", "filename");
      for (BlobInfo f : store.list(annsFiles).items()) {
        System.out.println(f.id() + "  " + f.meta("filename"));
      }

      BlobInfo first = store.list(annsFiles).items().get(0);
      String text = new String(store.getBytes(first.ref()), StandardCharsets.UTF_8);
      System.out.println(first.meta("filename") + ": " + text);
    }
  }

  private static void save(BlobStore store, String user, String filename, String content) {
    store.put(
        content.getBytes(StandardCharsets.UTF_8),
        PutOptions.in("files")
            .contentType("text/plain")
            .meta(Map.of("user_id", user, "filename", filename)));
  }
}
