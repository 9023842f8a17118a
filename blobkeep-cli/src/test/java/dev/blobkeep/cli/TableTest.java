package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void alignsColumnsAndPadsAllButTheLast() {
    Table table = new Table(List.of("ID", "SIZE", "KEY"), Set.of(1));
    table.add(List.of("a", "5", "short"));
    table.add(List.of("bbbbbb", "12345", "k"));

    assertThat(table.lines())
        .containsExactly(
            "ID       SIZE  KEY", //
            "a           5  short",
            "bbbbbb  12345  k");
  }

  @Test
  void widthsCountCharactersNotUtf16Units() {
    Table table = new Table(List.of("K", "V"), Set.of());
    table.add(List.of("\uD83D\uDE00", "x"));

    assertThat(table.lines()).containsExactly("K  V", "\uD83D\uDE00  x");
  }

  @Test
  void controlCharactersAreShownEscapedSoEveryRowIsOneLine() {
    Table table = new Table(List.of("V"), Set.of());
    table.add(List.of("a\nb\tc\u0001"));

    assertThat(table.lines()).containsExactly("V", "a\\nb\\tc\\u0001");
  }
}
