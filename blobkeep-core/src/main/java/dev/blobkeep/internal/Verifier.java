package dev.blobkeep.internal;

import dev.blobkeep.VerifyReport;
import dev.blobkeep.VerifyReport.Problem;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes every chunk's CRC32C and the blob's SHA-256 from the stored bytes, a batch of chunks
 * per read, and lists every problem instead of stopping at the first.
 */
final class Verifier {
  private static final int CHUNKS_PER_READ = 16;

  private Verifier() {}

  /** Problems of one blob, appended to {@code problems}; returns the bytes checked. */
  static long verify(Session s, BlobRow row, List<Problem> problems) {
    MessageDigest sha = Digests.sha256();
    long chunkCount = row.chunkCount();
    long expect = 0; // next chunk index whose bytes go into the digest
    long from = 0;
    while (true) {
      List<Object[]> batch = batch(s, row.id(), from);
      for (Object[] chunk : batch) {
        long idx = (Long) chunk[0];
        byte[] data = (byte[]) chunk[1];
        long crc = (Long) chunk[2];
        if (idx >= chunkCount) {
          problems.add(
              new Problem(
                  row.id(),
                  idx,
                  "blob "
                      + row.id()
                      + " chunk "
                      + idx
                      + " lies past the end (size "
                      + row.size()
                      + ")"));
          continue;
        }
        for (; expect < idx; expect++) {
          zeros(sha, Chunks.span(row.size(), row.chunkSize(), expect));
        }
        int span = Chunks.span(row.size(), row.chunkSize(), idx);
        try {
          Chunks.check(row.id(), idx, data, crc, span);
        } catch (RuntimeException e) {
          problems.add(new Problem(row.id(), idx, e.getMessage()));
        }
        sha.update(data, 0, Math.min(data.length, span));
        zeros(sha, span - Math.min(data.length, span));
        expect = idx + 1;
      }
      if (batch.size() < CHUNKS_PER_READ) {
        break;
      }
      from = (Long) batch.get(batch.size() - 1)[0] + 1;
    }
    for (; expect < chunkCount; expect++) {
      zeros(sha, Chunks.span(row.size(), row.chunkSize(), expect));
    }
    String actual = Digests.hex(sha.digest());
    if (row.sha256() != null && !row.sha256().equals(actual)) {
      problems.add(
          new Problem(
              row.id(),
              -1,
              "blob " + row.id() + " SHA-256 is " + actual + ", stored " + row.sha256()));
    }
    return row.size();
  }

  static VerifyReport report(long blobs, long bytes, List<Problem> problems) {
    return new VerifyReport(blobs, bytes, new ArrayList<>(problems));
  }

  private static List<Object[]> batch(Session s, String id, long from) {
    return s.read(
        "verifying blob " + id,
        c -> {
          List<Object[]> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(s.sql().chunkBatch)) {
            s.dialect().setId(ps, 1, id);
            ps.setLong(2, from);
            ps.setInt(3, CHUNKS_PER_READ);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new Object[] {rs.getLong(1), rs.getBytes(2), rs.getLong(3)});
              }
            }
          }
          return out;
        });
  }

  private static final byte[] ZEROS = new byte[64 * 1024];

  /** Feeds {@code n} zero bytes to the digest. */
  static void zeros(MessageDigest sha, long n) {
    while (n > 0) {
      int k = (int) Math.min(n, ZEROS.length);
      sha.update(ZEROS, 0, k);
      n -= k;
    }
  }
}
