package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobkeepException;
import dev.blobkeep.VerifyReport;
import dev.blobkeep.VerifyReport.Note;
import dev.blobkeep.VerifyReport.Problem;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every chunk of a blob against its {@link ChunkMap} (a chunk marked stored must have its
 * row, a chunk marked absent must not) and its CRC32C (which also ties the row to its blob and
 * index), and the blob's SHA-256 against the stored bytes, a batch of chunks per read. Lists every
 * problem instead of stopping at the first. A stale (null) SHA-256 is recomputed, never skipped,
 * and recorded if the blob did not change meanwhile and the store can be written.
 */
final class Verifier {
  private static final int CHUNKS_PER_READ = 16;

  private Verifier() {}

  /** What verifying some blobs found: problems, and notes of what it did. */
  static final class Findings {
    final List<Problem> problems = new ArrayList<>();
    final List<Note> notes = new ArrayList<>();
  }

  /**
   * Verifies one visible blob; problems found while the blob changed underneath (deleted, replaced,
   * written in place) are not reported, since they describe bytes nobody can read any more.
   *
   * @return the bytes checked
   */
  static long verifyLive(Session session, BlobRow row, Findings findings) {
    Findings found = new Findings();
    long bytes = verify(session, row, found);
    if (!found.problems.isEmpty()) {
      BlobRow now =
          session.read("re-reading blob " + row.id(), c -> Rows.byId(c, session, row.id()));
      if (now == null || !now.live() || now.version() != row.version()) {
        return bytes;
      }
    }
    findings.problems.addAll(found.problems);
    findings.notes.addAll(found.notes);
    return bytes;
  }

  /** Checks one blob, appending to {@code found}; returns the bytes checked. */
  static long verify(Session s, BlobRow row, Findings found) {
    String name = Chunks.name(row.id(), row.bucket(), row.key());
    ChunkMap map = map(s, row);
    if (map == null) {
      return 0; // deleted or written since it was listed: its bytes are not the row's any more
    }
    List<Problem> problems = found.problems;
    int before = problems.size();
    MessageDigest sha = Digests.sha256();
    long chunkCount = row.chunkCount();
    long expect = 0; // next chunk index whose bytes go into the digest
    long from = 0;
    while (true) {
      List<ChunkRow> batch = batch(s, row.id(), from);
      for (ChunkRow chunk : batch) {
        long idx = chunk.index();
        byte[] data = chunk.data();
        if (idx >= chunkCount) {
          problems.add(
              new Problem(
                  row.id(),
                  idx,
                  name + " chunk " + idx + " lies past the end (size " + row.size() + ")"));
          continue;
        }
        for (; expect < idx; expect++) {
          absent(row, name, map, expect, problems);
          zeros(sha, Chunks.span(row.size(), row.chunkSize(), expect));
        }
        int span = Chunks.span(row.size(), row.chunkSize(), idx);
        try {
          Chunks.check(name, row.id(), idx, data, chunk.crc(), span, map.has(idx));
        } catch (BlobkeepException e) {
          problems.add(new Problem(row.id(), idx, e.getMessage()));
        }
        sha.update(data, 0, Math.min(data.length, span));
        zeros(sha, span - Math.min(data.length, span));
        expect = idx + 1;
      }
      if (batch.size() < CHUNKS_PER_READ) {
        break;
      }
      from = batch.get(batch.size() - 1).index() + 1;
    }
    for (; expect < chunkCount; expect++) {
      absent(row, name, map, expect, problems);
      zeros(sha, Chunks.span(row.size(), row.chunkSize(), expect));
    }
    String actual = Digests.hex(sha.digest());
    if (row.sha256() == null) {
      String recorded =
          problems.size() == before
              ? record(s, row, actual)
              : "not recorded: the blob has problems";
      found.notes.add(
          new Note(
              row.id(), name + " sha256 recomputed (it was stale): " + actual + ", " + recorded));
    } else if (!row.sha256().equals(actual)) {
      problems.add(
          new Problem(row.id(), -1, name + " SHA-256 is " + actual + ", stored " + row.sha256()));
    }
    return row.size();
  }

  /** A chunk without a row: a problem if the chunk map says it is stored. */
  private static void absent(
      BlobRow row, String name, ChunkMap map, long idx, List<Problem> problems) {
    if (map.has(idx)) {
      problems.add(
          new Problem(
              row.id(),
              idx,
              name
                  + " chunk "
                  + idx
                  + " is missing: the chunk map says it is stored, but no row is"));
    }
  }

  /** Stores a recomputed SHA-256 if the blob is unchanged; says whether it was. */
  private static String record(Session s, BlobRow row, String sha256) {
    if (s.readOnly()) {
      return "not recorded: the store is open read-only"; // the note names the blob already
    }
    try {
      int n =
          s.write(
              "storing the SHA-256 of blob " + row.id(),
              c ->
                  Rows.update(
                      c, s, s.sql().setSha, sha256, new Id(row.id()), row.version(), Sql.READY));
      return n == 1 ? "recorded" : "not recorded: the blob changed meanwhile";
    } catch (BlobkeepException e) {
      return "not recorded: " + e.getMessage();
    }
  }

  static VerifyReport report(long blobs, long bytes, Findings found) {
    return new VerifyReport(blobs, bytes, found.problems, found.notes);
  }

  /** The blob's chunk map, or null if the blob is gone or changed since {@code row} was read. */
  private static ChunkMap map(Session s, BlobRow row) {
    return s.read(
        "verifying blob " + row.id(),
        c ->
            s.statements()
                .with(
                    c,
                    s.sql().mapById,
                    ps -> {
                      s.dialect().setId(ps, 1, row.id());
                      try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getLong(2) != row.version()) {
                          return null;
                        }
                        return ChunkMap.of(rs.getBytes(1), row.chunkCount());
                      }
                    }));
  }

  /** One row of the chunks table as read to verify it: its index, bytes and stored CRC32C. */
  private record ChunkRow(long index, byte[] data, long crc) {}

  private static List<ChunkRow> batch(Session s, String id, long from) {
    return s.read(
        "verifying blob " + id,
        c ->
            s.statements()
                .with(
                    c,
                    s.sql().chunkBatch,
                    ps -> {
                      List<ChunkRow> out = new ArrayList<>();
                      s.dialect().setId(ps, 1, id);
                      ps.setLong(2, from);
                      ps.setInt(3, CHUNKS_PER_READ);
                      s.dialect().setId(ps, 4, id);
                      ps.setInt(5, from == 0 ? 1 : 0);
                      try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                          out.add(new ChunkRow(rs.getLong(1), rs.getBytes(2), rs.getLong(3)));
                        }
                      }
                      return out;
                    }));
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
