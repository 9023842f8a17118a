package dev.blobkeep.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * The three statements an import runs on the source, built from checked names (each quoted) and the
 * caller's {@code where} condition (pasted in parentheses, as documented). Immutable.
 *
 * @param count {@code count(*)} and total data length of the selected rows
 * @param listing id and data length of every selected row, in id order, without the data
 * @param row data, key and meta columns of the selected row with a given id ({@code ?})
 */
record SourceQueries(String count, String listing, String row) {

  /**
   * The statements for {@code options}, with identifiers quoted by {@code quote} ({@link
   * Sources#identifierQuote(java.sql.Connection)}).
   */
  static SourceQueries of(ImportOptions options, String quote) {
    String table = SqlNames.quoteTable(options.table(), quote);
    String id = SqlNames.quote(options.idColumn(), quote);
    String data = SqlNames.quote(options.dataColumn(), quote);
    String where = options.where() == null ? "" : " WHERE (" + options.where() + ")";
    List<String> rowColumns = new ArrayList<>(List.of(data));
    if (options.keyColumn() != null) {
      rowColumns.add(SqlNames.quote(options.keyColumn(), quote));
    }
    for (String column : options.metaColumns()) {
      rowColumns.add(SqlNames.quote(column, quote));
    }
    String rowWhere =
        " WHERE " + id + " = ?" + (options.where() == null ? "" : " AND (" + options.where() + ")");
    return new SourceQueries(
        "SELECT count(*), sum(length(" + data + ")) FROM " + table + where,
        "SELECT " + id + ", length(" + data + ") FROM " + table + where + " ORDER BY " + id,
        "SELECT " + String.join(", ", rowColumns) + " FROM " + table + rowWhere);
  }
}
