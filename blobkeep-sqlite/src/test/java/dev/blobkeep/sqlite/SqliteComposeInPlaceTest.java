package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compose of chunk-aligned parts updates their chunk rows in place: SQLite writes the log pages
 * of the rows' B-tree, not their chunks again. Two parts of {@value #PART_CHUNKS} chunks of 64 KiB
 * (each chunk mostly on an overflow page of the 64 KiB-page file), composed after the log was
 * emptied: the log grows by less than half the content, where writing every chunk again grows it by
 * more than the content. Rows that end up at index 2 to 127 are written again (SQLite stores their
 * index in one byte fewer than a staged row's, an odd difference no CRC value makes up).
 */
class SqliteComposeInPlaceTest {
  private static final int CHUNK = 64 * 1024;
  private static final int PART_CHUNKS = 320;

  @TempDir Path tmp;

  @Test
  void composingAlignedPartsWritesFarLessThanTheirContentToTheLog() throws Exception {
    Path file = tmp.resolve("compose.db");
    Random random = new Random(7);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<BlobRef> parts = new ArrayList<>();
    try (BlobStore store =
        BlobStore.open(file.toString(), StoreOptions.defaults().chunkSize(CHUNK))) {
      for (int p = 0; p < 2; p++) {
        byte[] part = new byte[PART_CHUNKS * CHUNK];
        random.nextBytes(part);
        all.writeBytes(part);
        BlobInfo staged =
            store.stage(new ByteArrayInputStream(part), part.length, PutOptions.in("in-place"));
        parts.add(staged.ref());
      }
      emptyTheLog(file);
      long before = Files.size(tmp.resolve("compose.db-wal"));
      BlobInfo made = store.compose(parts, PutOptions.at("in-place", "whole"));
      long logged = Files.size(tmp.resolve("compose.db-wal")) - before;
      long content = all.size();
      assertThat(logged)
          .as("log bytes written by the compose of %d bytes", content)
          .isLessThan(content / 2);
      assertThat(store.getBytes(made.ref())).isEqualTo(all.toByteArray());
      assertThat(store.verifyAll().problems()).isEmpty();
    }
  }

  /** Checkpoints the whole log and truncates it, retrying while the store's checkpointer runs. */
  private static void emptyTheLog(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      for (int attempt = 0; ; attempt++) {
        try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
          rs.next();
          if (rs.getInt(1) == 0) {
            return;
          }
        }
        assertThat(attempt).as("attempts to empty the log").isLessThan(600);
        Thread.sleep(50);
      }
    }
  }
}
