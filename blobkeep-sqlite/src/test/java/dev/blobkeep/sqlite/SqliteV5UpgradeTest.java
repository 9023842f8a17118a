package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store made by the last code of schema version 5 (the committed fixture {@code
 * fixtures/v5-store.db}, made by {@code fixtures/MakeV5Store.java}) holding staged blobs takes the
 * version 6 step: their chunk rows move to index 128 on, and the staged blobs then compose byte
 * exact, moved (aligned parts, one of them with a chunk of zeros not stored) and copied (a small
 * part kept in its row, then an unaligned one); the ready blob is untouched.
 */
class SqliteV5UpgradeTest {
  private static final int CHUNK = 4096;

  @TempDir Path tmp;

  /** Staged blob {@code name} of the fixture, as MakeV5Store wrote it. */
  private static byte[] part(String name) {
    return switch (name) {
      case "a" -> StoreFixtures.pattern(3 * CHUNK, 2);
      case "b" -> {
        byte[] b = StoreFixtures.pattern(3 * CHUNK, 3);
        Arrays.fill(b, CHUNK, 2 * CHUNK, (byte) 0);
        yield b;
      }
      case "c" -> StoreFixtures.pattern(2 * CHUNK + 100, 4);
      case "d" -> StoreFixtures.pattern(1000, 5);
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Test
  void stagedBlobsOfAVersionFiveStoreComposeByteExactAfterTheUpgrade() throws Exception {
    Path file = StoreFixtures.copy(tmp, "v5-store.db");
    assertThat(query(file, "SELECT value FROM blobkeep_settings")).isEqualTo("5");
    assertThat(query(file, "SELECT min(idx) FROM blobkeep_chunks")).isEqualTo("0");
    // the fixture's staged blobs are days old: an expiry they have not reached keeps them
    StoreOptions options = StoreOptions.defaults().stagedExpiry(Duration.ofDays(365_000));
    try (BlobStore store = BlobStore.open(file.toString(), options)) {
      assertThat(query(file, "SELECT value FROM blobkeep_settings")).isEqualTo("6");
      assertThat(
              query(
                  file,
                  "SELECT min(c.idx) || ' ' || max(c.idx) || ' ' || count(*) FROM blobkeep_chunks"
                      + " c JOIN blobkeep_blobs b ON b.id = c.blob_id WHERE b.state = 'staged'"))
          .isEqualTo("128 130 8"); // a: 3, b: 2 (its chunk 1 is zeros), c: 3
      assertThat(
              query(
                  file,
                  "SELECT min(c.idx) || ' ' || max(c.idx) FROM blobkeep_chunks c JOIN"
                      + " blobkeep_blobs b ON b.id = c.blob_id WHERE b.state = 'ready'"))
          .isEqualTo("0 3");
      BlobInfo moved = store.compose(List.of(staged(store, "a"), staged(store, "b")), target("ab"));
      BlobInfo copied =
          store.compose(List.of(staged(store, "d"), staged(store, "c")), target("dc"));
      assertThat(store.getBytes(moved.ref())).isEqualTo(concat(part("a"), part("b")));
      assertThat(store.getBytes(copied.ref())).isEqualTo(concat(part("d"), part("c")));
      assertThat(store.getBytes(BlobRef.parse("v5/dense")))
          .isEqualTo(StoreFixtures.pattern(3 * CHUNK + 100, 1));
      assertThat(store.verifyAll().problems()).isEmpty();
      assertThat(store.listStaged("v5", Map.of(), null, 10).items()).isEmpty();
    }
  }

  private static BlobRef staged(BlobStore store, String name) {
    List<BlobInfo> found = store.listStaged("v5", Map.of("part", name), null, 10).items();
    assertThat(found).as("staged blob " + name).hasSize(1);
    return found.get(0).ref();
  }

  private static PutOptions target(String key) {
    return PutOptions.at("v5", key);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  private static String query(Path file, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }
}
