package dev.blobkeep.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlNamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"part_drawings", "_t", "T1", "a$b", "ÉtéÜ", "public.part_drawings"})
  void acceptsPlainIdentifiersAndSchemaDotTable(String table) {
    assertThat(SqlNames.checkTable(table)).isEqualTo(table);
  }

  @Test
  void refusesAQuoteNamingItsIndex() {
    assertThatThrownBy(() -> SqlNames.checkTable("parts\"; DROP TABLE parts; --"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "table 'parts\"; DROP TABLE parts; --' is not a plain SQL identifier: character '\"'"
                + " at index 5 (allowed: letters, digits, '_' and '$', not starting with a digit;"
                + " schema.table names another schema)");
  }

  @Test
  void refusesASemicolonASpaceAndControlCharacters() {
    assertThatThrownBy(() -> SqlNames.checkTable("parts;"))
        .hasMessageContaining("character ';' at index 5");
    assertThatThrownBy(() -> SqlNames.checkIdentifier("id column", "part id"))
        .hasMessageStartingWith(
            "id column 'part id' is not a plain SQL identifier: character U+0020")
        .hasMessageEndingWith("not starting with a digit)");
    assertThatThrownBy(() -> SqlNames.checkIdentifier("data column", "a\nb"))
        .hasMessageStartingWith("data column 'a\\u000ab' is not")
        .hasMessageContaining("U+000A at index 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1t", "$t", "a-b", "a'b", "a`b", "a[b]", "a.b.c", "a/*b*/"})
  void refusesEverythingElse(String table) {
    assertThatThrownBy(() -> SqlNames.checkTable(table))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("table '" + table + "' is not a plain SQL identifier");
  }

  @Test
  void refusesEmptyNamesAndParts() {
    assertThatThrownBy(() -> SqlNames.checkTable("")).hasMessageStartingWith("table '' is empty");
    assertThatThrownBy(() -> SqlNames.checkTable("s."))
        .hasMessageStartingWith("table 's.' has an empty part at index 2");
    assertThatThrownBy(() -> SqlNames.checkTable(".t"))
        .hasMessageStartingWith("table '.t' has an empty part at index 0");
    assertThatThrownBy(() -> SqlNames.checkIdentifier("key column", null))
        .hasMessage("key column is null");
  }

  @Test
  void columnsCannotBeQualified() {
    assertThatThrownBy(() -> SqlNames.checkIdentifier("id column", "t.id"))
        .hasMessageContaining("character '.' at index 1");
  }

  @Test
  void quotesEachPartOfATable() {
    assertThat(SqlNames.quoteTable("part_drawings", "\"")).isEqualTo("\"part_drawings\"");
    assertThat(SqlNames.quoteTable("s.t", "\"")).isEqualTo("\"s\".\"t\"");
    assertThat(SqlNames.quoteTable("s.t", "`")).isEqualTo("`s`.`t`");
  }

  @Test
  void quotingDoublesTheQuoteCharacterInsideAName() {
    assertThat(SqlNames.quote("a`b", "`")).isEqualTo("`a``b`");
    assertThat(SqlNames.quote("a\"b", "\"")).isEqualTo("\"a\"\"b\"");
    assertThat(SqlNames.quote("s.t", "`")).isEqualTo("`s.t`");
  }
}
