package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.Blobs;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Several operations commit or roll back together; the caller's own transaction too. */
public abstract class TransactionContract extends ContractBase {

  @Test
  void everythingInsideCommitsTogether() {
    BlobInfo old = store.put(new byte[] {1}, PutOptions.at("t", "old"));
    String id =
        store.inTransaction(
            tx -> {
              BlobInfo a = tx.put(Bytes.random(3 * CHUNK, 1), PutOptions.at("t", "a"));
              tx.delete(old.ref());
              tx.updateMeta(a.ref(), Map.of("x", 1), List.of());
              return a.id();
            });
    assertThat(store.info(BlobRef.key("t", "a")).id()).isEqualTo(id);
    assertThat(store.info(BlobRef.id(id)).meta()).isEqualTo(Map.of("x", 1));
    assertThat(store.exists(old.ref())).isFalse();
  }

  @Test
  void aThrowingBodyRollsEverythingBackAndItsExceptionPassesThrough() throws Exception {
    byte[] data = Bytes.random(2 * CHUNK, 2);
    BlobInfo keep = store.put(data, PutOptions.at("t", "keep").meta("v", 1));
    long chunks = rows("chunks");
    assertThatThrownBy(
            () ->
                store.useTransaction(
                    tx -> {
                      tx.put(Bytes.random(3 * CHUNK, 3), PutOptions.at("t", "new"));
                      tx.put(new byte[] {9}, PutOptions.at("t", "keep"));
                      tx.updateMeta(BlobRef.key("t", "keep"), Map.of("v", 2), List.of());
                      throw new IOException("changed my mind");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("changed my mind");
    assertThat(store.exists(BlobRef.key("t", "new"))).isFalse();
    assertThat(store.info(BlobRef.key("t", "keep")).id()).isEqualTo(keep.id());
    assertThat(store.getBytes(keep.ref())).isEqualTo(data);
    assertThat(store.info(keep.ref()).meta()).isEqualTo(Map.of("v", 1));
    assertThat(rows("blobs")).isEqualTo(1);
    assertThat(rows("chunks")).isEqualTo(chunks);
  }

  @Test
  void aTransactionViewCannotBeUsedAfterItEnds() {
    AtomicReference<Blobs> leaked = new AtomicReference<>();
    store.useTransaction(leaked::set);
    assertThatThrownBy(() -> leaked.get().put(new byte[] {1}))
        .hasMessage(
            "transaction on " + store.location() + " has ended; its view can no longer be used");
  }

  @Test
  void storeOperationsJoinTheCallersOwnTransaction() throws Exception {
    try (Connection c = fixture.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE parts (part_id INTEGER PRIMARY KEY, part_name VARCHAR(255) NOT NULL, drawing VARCHAR(36))");
      }
      c.setAutoCommit(false);
      Blobs blobs = store.on(c);
      BlobInfo drawing = blobs.put(Bytes.random(3 * CHUNK, 4), PutOptions.at("drawings", "1.png"));
      insertPart(c, 1, "bolt", drawing.id());
      c.rollback();
      assertThat(store.exists(drawing.ref())).isFalse();
      assertThat(partCount(c)).isZero();

      BlobInfo kept = blobs.put(Bytes.random(2 * CHUNK, 5), PutOptions.at("drawings", "2.png"));
      insertPart(c, 2, "nut", kept.id());
      assertThat(blobs.getBytes(kept.ref())).hasSize(2 * CHUNK);
      c.commit();
      c.setAutoCommit(true);
      assertThat(partCount(c)).isEqualTo(1);
      assertThat(store.getBytes(BlobRef.key("drawings", "2.png"))).hasSize(2 * CHUNK);
      assertThat(store.list(Query.bucket("drawings")).items()).hasSize(1);
    }
  }

  @Test
  void onAnAutoCommitConnectionEachOperationCommitsByItself() throws Exception {
    try (Connection c = fixture.connect()) {
      Blobs blobs = store.on(c);
      BlobInfo first = blobs.put(Bytes.random(3 * CHUNK, 6), PutOptions.at("a", "k"));
      assertThat(store.getBytes(BlobRef.key("a", "k"))).hasSize(3 * CHUNK);
      BlobInfo second = blobs.put(Bytes.random(CHUNK, 7), PutOptions.at("a", "k"));
      assertThat(store.exists(first.ref())).isFalse();
      assertThat(store.info(BlobRef.key("a", "k")).id()).isEqualTo(second.id());
      assertThat(c.getAutoCommit()).isTrue();
      blobs.delete(second.ref());
      assertThat(rows("blobs")).isZero();
      assertThat(rows("chunks")).isZero();
    }
  }

  private static void insertPart(Connection c, int id, String name, String drawing)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO parts (part_id, part_name, drawing) VALUES (?, ?, ?)")) {
      ps.setInt(1, id);
      ps.setString(2, name);
      ps.setString(3, drawing);
      ps.executeUpdate();
    }
  }

  private static long partCount(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM parts")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aTransactionViewUsedByTwoThreadsAtOnceReadsEachBlobRight() throws Exception {
    int n = 40;
    List<BlobRef> refs = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] content = Bytes.random(100 + i, i);
      refs.add(store.put(content, PutOptions.at("t", "k" + i)).ref());
      contents.add(content);
    }
    AtomicInteger wrong = new AtomicInteger();
    store.useTransaction(
        tx -> {
          ExecutorService threads = Executors.newFixedThreadPool(2);
          try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
              int seed = t;
              done.add(
                  threads.submit(
                      () -> {
                        for (int r = 0; r < 300; r++) {
                          int i = (r * 7 + seed * 13) % n;
                          if (!Arrays.equals(tx.getBytes(refs.get(i)), contents.get(i))) {
                            wrong.incrementAndGet();
                          }
                        }
                      }));
            }
            for (Future<?> f : done) {
              f.get();
            }
          } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
          } finally {
            threads.shutdown();
          }
        });
    assertThat(wrong.get()).as("reads that returned another blob's bytes").isZero();
  }
}
