package dev.blobkeep.bench;

import java.util.Locale;
import java.util.Map;

/** The chunk-size sweep as a text table: one line per chunk size, one column per figure. */
final class SweepTable {
  private SweepTable() {}

  static String render(ChunkSweep.Sweep s) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%nchunk-size sweep on %s (medians)%n", s.backend()));
    sb.append(String.format(Locale.ROOT, "%-10s", "chunk"));
    ChunkSweep.METRICS.forEach(m -> sb.append(String.format(Locale.ROOT, " %18s", m)));
    sb.append('\n');
    for (Map.Entry<Integer, Map<String, Double>> e : s.medians().entrySet()) {
      sb.append(String.format(Locale.ROOT, "%-10s", Table.bytes(e.getKey())));
      for (String m : ChunkSweep.METRICS) {
        sb.append(String.format(Locale.ROOT, " %18s", Table.number(e.getValue().get(m))));
      }
      sb.append(e.getKey() == s.recommended() ? "   <- recommended" : "").append('\n');
    }
    return sb.toString();
  }
}
