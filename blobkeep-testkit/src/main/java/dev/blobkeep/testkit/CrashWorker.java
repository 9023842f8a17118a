package dev.blobkeep.testkit;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.Whence;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Random puts, in-place writes, resizes and deletes on keys {@code k0..k9} of bucket {@code crash},
 * forever, until killed. Before each operation it appends {@code BEGIN key sha} to the journal and
 * after it commits {@code DONE key sha} ({@code sha} of the expected content, or {@code -} for
 * deleted): after a kill, each key must hold its last DONE state or, if a BEGIN follows it, that
 * BEGIN's state.
 *
 * <p>Usage: {@code CrashWorker LOCATION JOURNAL SEED}
 */
public final class CrashWorker {
  static final int KEYS = 10;
  static final String BUCKET = "crash";

  private CrashWorker() {}

  public static void main(String[] args) throws Exception {
    String location = args[0];
    Random random = new Random(Long.parseLong(args[2]));
    try (FileOutputStream journal = new FileOutputStream(args[1], true);
        BlobStore store = BlobStore.open(location, options())) {
      Map<Integer, byte[]> model = new HashMap<>();
      for (int k = 0; k < KEYS; k++) {
        BlobRef ref = BlobRef.key(BUCKET, "k" + k);
        if (store.exists(ref)) {
          model.put(k, store.getBytes(ref));
        }
      }
      System.out.println("READY");
      System.out.flush();
      while (true) {
        int k = random.nextInt(KEYS);
        BlobRef ref = BlobRef.key(BUCKET, "k" + k);
        byte[] cur = model.get(k);
        int op = random.nextInt(10);
        byte[] next;
        if (cur == null || op < 4) {
          next = Bytes.random(random.nextInt(6 << 20), random.nextLong());
          log(journal, "BEGIN", k, next);
          store.put(new ByteArrayInputStream(next), PutOptions.at(BUCKET, "k" + k));
        } else if (op < 7) {
          int off = random.nextInt(cur.length + 1);
          byte[] src = Bytes.random(random.nextInt(cur.length - off + 1), random.nextLong());
          next = cur.clone();
          System.arraycopy(src, 0, next, off, src.length);
          log(journal, "BEGIN", k, next);
          try (BlobChannel ch = store.open(ref, OpenMode.READ_WRITE)) {
            ch.seek(off, Whence.START);
            ch.write(src);
          }
        } else if (op < 9) {
          next = Arrays.copyOf(cur, random.nextInt(2 * cur.length + 2));
          log(journal, "BEGIN", k, next);
          store.resize(ref, next.length);
        } else {
          next = null;
          log(journal, "BEGIN", k, null);
          store.delete(ref);
        }
        log(journal, "DONE", k, next);
        if (next == null) {
          model.remove(k);
        } else {
          model.put(k, next);
        }
      }
    }
  }

  /** Short leases: a killed worker's uploads are collectable one second after the kill. */
  static StoreOptions options() {
    return StoreOptions.defaults()
        .chunkSize(64 * 1024)
        .leases(Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  private static void log(FileOutputStream journal, String what, int key, byte[] content)
      throws java.io.IOException {
    String sha = content == null ? "-" : Bytes.sha256(content);
    journal.write((what + " " + key + " " + sha + "\n").getBytes(StandardCharsets.US_ASCII));
  }
}
