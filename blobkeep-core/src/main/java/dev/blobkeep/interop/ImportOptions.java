package dev.blobkeep.interop;

import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link TableImport} copies: the source table, the column that identifies a row, the binary
 * column to store, and where and with what the blobs go. Immutable; every setter-style method
 * returns a copy and checks its value, naming it when it refuses one.
 *
 * <ul>
 *   <li>{@code table}, {@code idColumn}, {@code dataColumn}, {@code keyColumn}, {@code
 *       metaColumns}: names as the source stores them (PostgreSQL stores unquoted names in lower
 *       case); any name without control characters, spaces, quote characters and keywords included,
 *       since each is quoted in the SQL. The table may be {@code schema.table}: its first {@code .}
 *       separates the two. A run checks every name against the source before it reads a row.
 *   <li>{@code bucket}: where the blobs go (default {@code default}).
 *   <li>{@code keyColumn}: the column whose text becomes each blob's key; null (the default) for
 *       blobs without keys. A row whose key is NULL gets no key.
 *   <li>{@code metaColumns}: columns copied into user fields of the same names: strings, numbers
 *       and booleans as they are, NULL as null, other types as the driver's text for them.
 *   <li>{@code where}: a SQL condition that selects the rows, pasted into the source query as it is
 *       written: the one place raw SQL is accepted (see {@link #where(String)}).
 * </ul>
 *
 * <pre>{@code
 * ImportOptions.of("part_drawings", "part_id", "drawing").bucket("drawings").metaColumns(List.of("file_extension"));
 * }</pre>
 */
public final class ImportOptions {
  private final String table;
  private final String idColumn;
  private final String dataColumn;
  private final String bucket;
  private final String keyColumn;
  private final List<String> metaColumns;
  private final String where;

  private ImportOptions(
      String table,
      String idColumn,
      String dataColumn,
      String bucket,
      String keyColumn,
      List<String> metaColumns,
      String where) {
    this.table = table;
    this.idColumn = idColumn;
    this.dataColumn = dataColumn;
    this.bucket = bucket;
    this.keyColumn = keyColumn;
    this.metaColumns = metaColumns;
    this.where = where;
  }

  /**
   * Every row of {@code table}, identified by {@code idColumn}, with {@code dataColumn} stored in
   * bucket {@code default}, without keys or user fields beyond the import's own.
   *
   * @param table the source table, possibly {@code schema.table}
   * @param idColumn the column that identifies a row; its text names the row
   * @param dataColumn the binary column whose bytes become a blob
   * @return the options
   * @throws InvalidArgumentException naming a name that is empty or holds a control character
   */
  public static ImportOptions of(String table, String idColumn, String dataColumn) {
    return new ImportOptions(
        SqlNames.checkTable(table),
        SqlNames.checkIdentifier("id column", idColumn),
        SqlNames.checkIdentifier("data column", dataColumn),
        PutOptions.defaults().bucket(),
        null,
        List.of(),
        null);
  }

  /**
   * The bucket the blobs go to.
   *
   * @param bucket the bucket's name
   * @return a copy of these options with the change
   * @throws InvalidArgumentException naming the bucket if the store would refuse it
   */
  public ImportOptions bucket(String bucket) {
    String checked = PutOptions.in(bucket).bucket();
    return new ImportOptions(table, idColumn, dataColumn, checked, keyColumn, metaColumns, where);
  }

  /**
   * The column that holds each blob's key; null for blobs without keys.
   *
   * @param column a column name, or null
   * @return a copy of these options with the change
   * @throws InvalidArgumentException naming the column if it is empty or holds a control character
   */
  public ImportOptions keyColumn(String column) {
    String checked = column == null ? null : SqlNames.checkIdentifier("key column", column);
    return new ImportOptions(table, idColumn, dataColumn, bucket, checked, metaColumns, where);
  }

  /**
   * The columns copied into user fields of the same names, in this order; duplicates count once.
   *
   * @param columns column names, not null
   * @return a copy of these options with the change
   * @throws InvalidArgumentException naming a column that is empty or holds a control character, or
   *     one named like a field the import keeps its source reference in ({@value
   *     TableImport#SOURCE_FIELD}, {@value TableImport#TABLE_FIELD})
   */
  public ImportOptions metaColumns(List<String> columns) {
    Set<String> checked = new LinkedHashSet<>();
    for (String column : Objects.requireNonNull(columns, "columns")) {
      SqlNames.checkIdentifier("meta column", column);
      if (column.equals(TableImport.SOURCE_FIELD) || column.equals(TableImport.TABLE_FIELD)) {
        throw new InvalidArgumentException(
            "meta column '"
                + column
                + "' would overwrite the user field the import keeps its source reference in");
      }
      checked.add(column);
    }
    return new ImportOptions(
        table, idColumn, dataColumn, bucket, keyColumn, List.copyOf(checked), where);
  }

  /**
   * Only rows for which {@code condition} holds; null or blank for every row. The condition is SQL
   * of the source database, pasted into the queries as {@code WHERE (condition)} without any check:
   * pass only text you would run on that database yourself. {@link TableImport#run(String,
   * dev.blobkeep.Blobs, ImportListener)} reads in a read-only transaction where the driver allows,
   * which refuses writes on PostgreSQL and SQLite, but that is not a sandbox: connect as a role
   * that may only read.
   *
   * @param condition SQL of the source database, or null
   * @return a copy of these options with the change
   */
  public ImportOptions where(String condition) {
    String kept = condition == null || condition.isBlank() ? null : condition;
    return new ImportOptions(table, idColumn, dataColumn, bucket, keyColumn, metaColumns, kept);
  }

  /** {@return the table}, possibly {@code schema.table} */
  public String table() {
    return table;
  }

  /** {@return the column that identifies a row} */
  public String idColumn() {
    return idColumn;
  }

  /** {@return the column whose bytes become a blob} */
  public String dataColumn() {
    return dataColumn;
  }

  /** {@return the bucket the blobs go to} */
  public String bucket() {
    return bucket;
  }

  /** {@return the key column, or null} */
  public String keyColumn() {
    return keyColumn;
  }

  /** {@return the columns copied into user fields}, unmodifiable */
  public List<String> metaColumns() {
    return metaColumns;
  }

  /** {@return the row condition, or null for every row} */
  public String where() {
    return where;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImportOptions i
        && table.equals(i.table)
        && idColumn.equals(i.idColumn)
        && dataColumn.equals(i.dataColumn)
        && bucket.equals(i.bucket)
        && Objects.equals(keyColumn, i.keyColumn)
        && metaColumns.equals(i.metaColumns)
        && Objects.equals(where, i.where);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, idColumn, dataColumn, bucket, keyColumn, metaColumns, where);
  }

  @Override
  public String toString() {
    return "ImportOptions{table="
        + table
        + ", idColumn="
        + idColumn
        + ", dataColumn="
        + dataColumn
        + ", bucket="
        + bucket
        + ", keyColumn="
        + keyColumn
        + ", metaColumns="
        + metaColumns
        + ", where="
        + where
        + "}";
  }
}
