package dev.blobkeep.internal;

import dev.blobkeep.BlobkeepException;
import java.io.InputStream;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of staged blobs one after the other, read a few chunks per statement (a staged blob's
 * chunk rows start at {@link Chunks#STAGED_BASE}), each chunk checked against its CRC and its
 * blob's chunk map as it is read; absent chunks read as zeros. What a compose copies when the parts
 * are not chunk-aligned. Not thread-safe.
 */
final class StagedContent extends InputStream {
  private static final int CHUNKS_PER_READ = 16;

  private final Session session;
  private final List<BlobRow> parts;
  private int part = -1;
  private ChunkMap map;
  private long nextIdx;
  private final Map<Long, long[]> crcs = new HashMap<>();
  private final Map<Long, byte[]> batch = new HashMap<>();
  private byte[] chunk = new byte[0];
  private int pos;

  StagedContent(Session session, List<BlobRow> parts) {
    this.session = session;
    this.parts = parts;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    while (pos == chunk.length) {
      if (!nextChunk()) {
        return -1;
      }
    }
    int n = Math.min(len, chunk.length - pos);
    System.arraycopy(chunk, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Moves to the next chunk span, of this part or the next one; false at the end of the last. */
  private boolean nextChunk() {
    while (part < 0 || nextIdx >= parts.get(part).chunkCount()) {
      if (part + 1 >= parts.size()) {
        return false;
      }
      part++;
      nextIdx = 0;
      map = map(parts.get(part).id());
      batch.clear();
      crcs.clear();
    }
    BlobRow row = parts.get(part);
    long idx = nextIdx++;
    if (!batch.containsKey(idx) && !crcs.containsKey(idx)) {
      fetch(row, idx);
    }
    byte[] data = batch.remove(idx);
    long[] crc = crcs.remove(idx);
    int span = Chunks.span(row.size(), row.chunkSize(), idx);
    Chunks.check(
        Chunks.name(row.id(), null, null),
        row.id(),
        idx,
        data,
        crc == null ? 0 : crc[0],
        span,
        map.has(idx));
    chunk = data == null ? new byte[span] : data.length == span ? data : Arrays.copyOf(data, span);
    pos = 0;
    return true;
  }

  private ChunkMap map(String id) {
    byte[][] stored = new byte[1][];
    boolean found =
        session.read(
            "reading the chunk map of staged blob " + id,
            c ->
                session
                    .statements()
                    .with(
                        c,
                        session.sql().mapById,
                        ps -> {
                          session.dialect().setId(ps, 1, id);
                          try (ResultSet rs = ps.executeQuery()) {
                            if (!rs.next()) {
                              return false;
                            }
                            stored[0] = rs.getBytes(1);
                            return true;
                          }
                        }));
    if (!found) {
      throw new BlobkeepException("staged blob " + id + " was removed while it was being copied");
    }
    return ChunkMap.of(stored[0], parts.get(part).chunkCount());
  }

  /** Reads the stored chunks of indexes {@code from} to {@code from + CHUNKS_PER_READ - 1}. */
  private void fetch(BlobRow row, long from) {
    session.read(
        "reading chunks of staged blob " + row.id(),
        c ->
            session
                .statements()
                .with(
                    c,
                    session.sql().chunkRange,
                    ps -> {
                      long base = Chunks.STAGED_BASE;
                      session.dialect().setId(ps, 1, row.id());
                      ps.setLong(2, base + from);
                      ps.setLong(3, base + from + CHUNKS_PER_READ);
                      session.dialect().setId(ps, 4, row.id());
                      ps.setInt(5, from == 0 ? 1 : 0);
                      try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                          long stored = rs.getLong(1); // base on, or 0 for content in the row
                          long idx = stored < base ? stored : stored - base;
                          batch.put(idx, rs.getBytes(2));
                          // the CRC as if the row were at idx, so that the check finds a row
                          // that is not at its place as it would at index idx
                          crcs.put(
                              idx,
                              new long[] {
                                Chunks.stored(rs.getLong(3))
                                    ^ Chunks.place(row.id(), stored)
                                    ^ Chunks.place(row.id(), idx)
                              });
                        }
                      }
                      return null;
                    }));
    for (long i = from; i < from + CHUNKS_PER_READ; i++) {
      crcs.putIfAbsent(i, null); // fetched: absent rows are known absent
    }
  }
}
