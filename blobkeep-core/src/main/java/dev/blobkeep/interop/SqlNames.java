package dev.blobkeep.interop;

import dev.blobkeep.InvalidArgumentException;
import java.util.Locale;

/**
 * Table and column names as they may appear in the SQL an import runs: plain identifiers only,
 * checked before they are quoted, so that no name can change what a statement does. Thread-safe.
 */
final class SqlNames {
  private static final String ALLOWED =
      "allowed: letters, digits, '_' and '$', not starting with a digit";

  private SqlNames() {}

  /**
   * Returns {@code table} if it is an identifier, or two joined by one {@code .} (schema and
   * table).
   *
   * @throws InvalidArgumentException naming the table and the first character refused
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
   * Returns {@code name} if it is one identifier.
   *
   * @param what what the name is, for the message ({@code id column})
   * @throws InvalidArgumentException naming it and the first character refused
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
              + (name.isEmpty() ? " is empty" : " has an empty part at index " + start)
              + " ("
              + ALLOWED
              + (what.equals("table") ? "; schema.table names another schema)" : ")"));
    }
    for (int i = start; i < end; i++) {
      char c = name.charAt(i);
      boolean ok =
          Character.isLetter(c) || c == '_' || (i > start && ((c >= '0' && c <= '9') || c == '$'));
      if (!ok) {
        throw new InvalidArgumentException(
            what
                + " "
                + shown(name)
                + " is not a plain SQL identifier: "
                + describe(c)
                + " at index "
                + i
                + " ("
                + ALLOWED
                + (what.equals("table") ? "; schema.table names another schema)" : ")"));
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
          c < 0x20 || c == 0x7f
              ? String.format(Locale.ROOT, "\\u%04x", (int) c)
              : String.valueOf(c));
    }
    return out.append('\'').toString();
  }

  private static String describe(char c) {
    if (c < 0x20 || c == 0x7f || Character.isWhitespace(c)) {
      return String.format(Locale.ROOT, "character U+%04X", (int) c);
    }
    return "character '" + c + "'";
  }
}
