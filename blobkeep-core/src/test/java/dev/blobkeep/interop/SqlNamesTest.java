package dev.blobkeep.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlNamesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "part_drawings",
        "_t",
        "T1",
        "a$b",
        "ÉtéÜ",
        "public.part_drawings",
        "part drawings",
        "parts\"; DROP TABLE parts; --",
        "1t",
        "a'b",
        "a`b",
        "a[b]",
        "order"
      })
  void acceptsAnyNameAndSchemaDotTable(String table) {
    assertThat(SqlNames.checkTable(table)).isEqualTo(table);
  }

  @Test
  void refusesControlCharactersNamingTheirIndex() {
    assertThatThrownBy(() -> SqlNames.checkIdentifier("data column", "a\nb"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("data column 'a\\u000ab' has control character U+000A at index 1");
    assertThatThrownBy(() -> SqlNames.checkTable("s.t\u0085"))
        .hasMessage("table 's.t\\u0085' has control character U+0085 at index 3");
  }

  @Test
  void refusesEmptyNamesAndParts() {
    assertThatThrownBy(() -> SqlNames.checkTable("")).hasMessage("table '' is empty");
    assertThatThrownBy(() -> SqlNames.checkTable("s."))
        .hasMessage(
            "table 's.' has an empty part at index 2 (a '.' in a table separates schema and"
                + " table)");
    assertThatThrownBy(() -> SqlNames.checkTable(".t"))
        .hasMessageStartingWith("table '.t' has an empty part at index 0");
    assertThatThrownBy(() -> SqlNames.checkIdentifier("key column", null))
        .hasMessage("key column is null");
  }

  @Test
  void aColumnMayHoldADotAndIsNeverSplit() {
    assertThat(SqlNames.checkIdentifier("id column", "t.id")).isEqualTo("t.id");
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
