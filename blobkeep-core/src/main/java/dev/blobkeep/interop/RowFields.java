package dev.blobkeep.interop;

import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the key and meta columns of one source row (the row query's columns 2 onwards) into the put
 * options of its blob. Thread-safe.
 */
final class RowFields {
  private final ImportOptions options;
  private final PutOptions base;

  RowFields(ImportOptions options) {
    this.options = options;
    // A key already taken is that row's failure: an import never replaces a blob it did not make.
    this.base = PutOptions.in(options.bucket()).ifAbsent();
  }

  /**
   * The options for the row {@code rs} is on, with the source reference in user fields.
   *
   * @throws InvalidArgumentException naming the key or field the store refuses, or a meta column
   *     holding binary data
   */
  PutOptions of(ResultSet rs, String sourceRef, String tableRef) throws SQLException {
    int column = 2;
    String key = null;
    if (options.keyColumn() != null) {
      key = rs.getString(column++);
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    for (String name : options.metaColumns()) {
      meta.put(name, value(rs, column++, name));
    }
    meta.put(TableImport.SOURCE_FIELD, sourceRef);
    meta.put(TableImport.TABLE_FIELD, tableRef);
    return base.key(key).meta(meta);
  }

  /** A column's value as a user field: JSON scalars as they are, anything else as text. */
  private static Object value(ResultSet rs, int column, String name) throws SQLException {
    Object value = rs.getObject(column);
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Double
        || value instanceof Float
        || value instanceof BigDecimal
        || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof byte[]) {
      throw new InvalidArgumentException(
          "meta column '" + name + "' holds binary data, which a user field cannot");
    }
    return rs.getString(column);
  }
}
