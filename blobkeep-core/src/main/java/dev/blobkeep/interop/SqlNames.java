package dev.blobkeep.interop;

import dev.blobkeep.InvalidArgumentException;
import java.util.Locale;

/**
 * Table and column names as they may appear in the SQL an import runs. Any name the source can hold
 * is taken (spaces, quote characters, keywords), except an empty one or one with a control
 * character: each is quoted, with the quote character inside doubled, so that no name can change
 * what a statement does, and an import checks every name against the source before it reads a row
 * ({@link SourceColumns}). Thread-safe.
 */
final class SqlNames {
  private SqlNames() {}

  /**
   * Returns {@code table} if it is a name, or two joined by a {@code .} (schema and table; the
   * first {@code .} separates them, so a table whose own name holds one cannot be named).
   *
   * @throws InvalidArgumentException naming the table and what is wrong with it
   */
  static String checkTable(String table) {
    if (table == null) {
      throw new InvalidArgumentException("table is null");
    }
    int dot = table.indexOf('.');
    if (dot < 0) {
      return checkIdentifier("table", table);
    }
    checkPart("table", table, 0, dot);
    checkPart("table", table, dot + 1, table.length());
    return table;
  }

  /**
   * Returns {@code name} if it is a name: not empty, without control characters.
   *
   * @param what what the name is, for the message ({@code id column})
   * @throws InvalidArgumentException naming it and what is wrong with it
   */
  static String checkIdentifier(String what, String name) {
    if (name == null) {
      throw new InvalidArgumentException(what + " is null");
    }
    checkPart(what, name, 0, name.length());
    return name;
  }

  /**
   * {@code table} quoted with {@code quote}: schema and table separately if it is {@code
   * schema.table} (split at its first {@code .}), each as {@link #quote(String, String)} does.
   */
  static String quoteTable(String table, String quote) {
    int dot = table.indexOf('.');
    return dot < 0
        ? quote(table, quote)
        : quote(table.substring(0, dot), quote) + "." + quote(table.substring(dot + 1), quote);
  }

  /**
   * {@code identifier} as one quoted name: in {@code quote}, with each quote character inside
   * doubled (the SQL standard's escape, which PostgreSQL, MariaDB and SQLite all read).
   */
  static String quote(String identifier, String quote) {
    return quote + identifier.replace(quote, quote + quote) + quote;
  }

  private static void checkPart(String what, String name, int start, int end) {
    if (start == end) {
      throw new InvalidArgumentException(
          what
              + " "
              + shown(name)
              + (name.isEmpty()
                  ? " is empty"
                  : " has an empty part at index "
                      + start
                      + " (a '.' in a table separates schema and table)"));
    }
    for (int i = start; i < end; i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        throw new InvalidArgumentException(
            what
                + " "
                + shown(name)
                + " has control character "
                + String.format(Locale.ROOT, "U+%04X", (int) c)
                + " at index "
                + i);
      }
    }
  }

  /** {@code name} in single quotes, control characters escaped, cut after 60 characters if long. */
  static String shown(String name) {
    String cut = name.length() <= 64 ? name : name.substring(0, 60) + "...";
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      out.append(
          Character.isISOControl(c)
              ? String.format(Locale.ROOT, "\\u%04x", (int) c)
              : String.valueOf(c));
    }
    return out.append('\'').toString();
  }
}
