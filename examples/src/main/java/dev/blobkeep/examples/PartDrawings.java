package dev.blobkeep.examples;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The psycopg2 BLOB tutorial with the store alone: part drawings stored from files, with the part
 * name and file extension as user fields, then written back to a folder as {@code
 * <part_name>.<file_extension>}.
 *
 * <pre>examples/run PartDrawings [LOCATION [OUTPUT_DIR]]</pre>
 */
public final class PartDrawings {
  private PartDrawings() {}

  public static void main(String[] args) throws Exception {
    try (Scratch scratch = new Scratch();
        BlobStore store = BlobStore.open(scratch.store(args, "drawings"))) {
      Path work = scratch.dir();
      Path out = scratch.output(args);
      // Drawings as files, as an application would receive them.
      Path simtray = Files.write(work.resolve("simtray.png"), Drawings.png(1));
      Path speaker = Files.write(work.resolve("speaker.jpg"), Drawings.jpeg(2));

      store.put(simtray, drawing(1, "SIM Tray", "png"));
      store.put(speaker, drawing(2, "Speaker", "jpg"));

      for (BlobInfo d : store.list(Query.bucket("part_drawings")).items()) {
        Path file = out.resolve(d.meta("part_name") + "." + d.meta("file_extension"));
        store.get(d.ref(), file);
        System.out.println("wrote " + file.getFileName() + " (" + Files.size(file) + " bytes)");
      }
    }
  }

  private static PutOptions drawing(int partId, String name, String ext) {
    return PutOptions.at("part_drawings", "part-" + partId)
        .contentType(ext.equals("png") ? "image/png" : "image/jpeg")
        .meta(Map.of("part_id", partId, "part_name", name, "file_extension", ext));
  }
}
