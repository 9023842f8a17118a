package dev.blobkeep.examples;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Blobs;
import dev.blobkeep.PutOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The psycopg2 tutorial as written: the application's own tables {@code parts(part_id, part_name)}
 * and {@code part_drawings(part_id, file_extension, drawing)}, where {@code drawing} holds a blob
 * id. A part and its drawing are inserted in one transaction of the application's own connection
 * ({@link BlobStore#on(Connection)}): both commit, or neither does.
 *
 * <pre>examples/run PartDrawingsInOwnTransaction [LOCATION [OUTPUT_DIR]]</pre>
 */
public final class PartDrawingsInOwnTransaction {
  private PartDrawingsInOwnTransaction() {}

  public static void main(String[] args) throws Exception {
    try (Scratch scratch = new Scratch()) {
      run(scratch, scratch.store(args, "parts"), scratch.output(args));
    }
  }

  private static void run(Scratch scratch, String location, Path out) throws Exception {
    Path work = scratch.dir();
    try (BlobStore store = BlobStore.open(location);
        Connection db = DriverManager.getConnection(jdbcUrl(location))) {
      try (Statement s = db.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS parts (part_id INTEGER PRIMARY KEY,"
                + " part_name VARCHAR(255) NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS part_drawings (part_id INTEGER PRIMARY KEY"
                + " REFERENCES parts(part_id), file_extension VARCHAR(5) NOT NULL,"
                + " drawing VARCHAR(36) NOT NULL)");
      }
      db.setAutoCommit(false);
      Blobs blobs = store.on(db);

      insertPart(
          db,
          blobs,
          1,
          "SIM Tray",
          Files.write(work.resolve("simtray.png"), Drawings.png(1)),
          "png");
      db.commit();

      insertPart(
          db,
          blobs,
          2,
          "Speaker",
          Files.write(work.resolve("speaker.jpg"), Drawings.jpeg(2)),
          "jpg");
      db.rollback(); // changed our mind: neither the part nor its drawing is kept

      try (PreparedStatement ps =
              db.prepareStatement(
                  "SELECT p.part_name, d.file_extension, d.drawing FROM parts p"
                      + " JOIN part_drawings d ON d.part_id = p.part_id ORDER BY p.part_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Path file = out.resolve(rs.getString(1) + "." + rs.getString(2));
          blobs.get(BlobRef.id(rs.getString(3)), file);
          System.out.println("wrote " + file.getFileName() + " (" + Files.size(file) + " bytes)");
        }
      }
      db.commit();
      System.out.println(
          "drawings stored: "
              + store.list(dev.blobkeep.Query.bucket("part_drawings")).items().size());
    }
  }

  /** A JDBC URL for the store's database, for the application's own tables. */
  private static String jdbcUrl(String location) {
    return location.startsWith("jdbc:") ? location : "jdbc:sqlite:" + location;
  }

  private static void insertPart(
      Connection db, Blobs blobs, int id, String name, Path drawing, String ext) throws Exception {
    try (PreparedStatement ps =
        db.prepareStatement("INSERT INTO parts (part_id, part_name) VALUES (?, ?)")) {
      ps.setInt(1, id);
      ps.setString(2, name);
      ps.executeUpdate();
    }
    BlobInfo blob = blobs.put(drawing, PutOptions.in("part_drawings"));
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO part_drawings (part_id, file_extension, drawing) VALUES (?, ?, ?)")) {
      ps.setInt(1, id);
      ps.setString(2, ext);
      ps.setString(3, blob.id());
      ps.executeUpdate();
    }
  }
}
