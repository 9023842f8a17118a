package dev.blobkeep.bench;

import java.util.List;
import java.util.Locale;

/** The plain-text table of results printed on standard output, and the number formats it uses. */
final class Table {
  private static final String ROW = "%-18s %-20s %12s %12s %-6s %7s%n";

  private Table() {}

  static String render(List<Result> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT, ROW, "workload", "alternative", "blobkeep", "theirs", "unit", "ratio"));
    for (Result r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              ROW,
              r.workload(),
              r.alternative(),
              number(r.ours()),
              number(r.theirs()),
              r.unit(),
              ratio(r.ratio())));
    }
    return sb.toString();
  }

  /** Three significant figures at most, with thousands separators: 12,300, 45.6, 0.789. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      double scale = Math.pow(10, Math.floor(Math.log10(a)) - 2);
      return String.format(Locale.ROOT, "%,.0f", Math.round(v / scale) * scale);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2fx", r);
  }

  /** 16 KiB, 1 MiB. */
  static String bytes(long b) {
    return b >= 1 << 20 ? (b >> 20) + " MiB" : (b >> 10) + " KiB";
  }
}
