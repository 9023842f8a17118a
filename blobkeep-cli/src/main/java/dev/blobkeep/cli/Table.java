package dev.blobkeep.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A text table with aligned columns: a header row, then one row per item; columns are separated by
 * two spaces, the last one is not padded. Cells are single-line (control characters are shown
 * escaped). Not thread-safe.
 */
final class Table {
  private final List<String> headers;
  private final Set<Integer> rightAligned;
  private final List<String[]> rows = new ArrayList<>();

  /**
   * @param headers the column titles
   * @param rightAligned indexes of columns aligned to the right (numbers)
   */
  Table(List<String> headers, Set<Integer> rightAligned) {
    this.headers = List.copyOf(headers);
    this.rightAligned = Set.copyOf(rightAligned);
  }

  /** Adds a row with one cell per column. */
  void add(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.size() + " cells, table has " + headers.size() + " columns");
    }
    rows.add(cells.stream().map(Table::singleLine).toArray(String[]::new));
  }

  /** The header and then the rows, one string per line, without line ends. */
  List<String> lines() {
    int[] widths = new int[headers.size()];
    List<String[]> all = new ArrayList<>();
    all.add(headers.toArray(String[]::new));
    all.addAll(rows);
    for (String[] row : all) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].codePointCount(0, row[c].length()));
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : all) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        String pad = " ".repeat(widths[c] - row[c].codePointCount(0, row[c].length()));
        boolean last = c == row.length - 1;
        line.append(rightAligned.contains(c) ? pad + row[c] : row[c] + (last ? "" : pad));
        if (!last) {
          line.append("  ");
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static String singleLine(String cell) {
    StringBuilder out = new StringBuilder(cell.length());
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
