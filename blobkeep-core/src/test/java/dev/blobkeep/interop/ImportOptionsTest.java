package dev.blobkeep.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportOptionsTest {
  private final ImportOptions parts = ImportOptions.of("part_drawings", "part_id", "drawing");

  @Test
  void defaultsToEveryRowInBucketDefaultWithoutKeysOrFields() {
    assertThat(parts.table()).isEqualTo("part_drawings");
    assertThat(parts.idColumn()).isEqualTo("part_id");
    assertThat(parts.dataColumn()).isEqualTo("drawing");
    assertThat(parts.bucket()).isEqualTo("default");
    assertThat(parts.keyColumn()).isNull();
    assertThat(parts.metaColumns()).isEmpty();
    assertThat(parts.where()).isNull();
  }

  @Test
  void settersReturnCheckedCopies() {
    ImportOptions all =
        parts
            .bucket("drawings")
            .keyColumn("file_name")
            .metaColumns(List.of("file_extension", "part_id", "file_extension"))
            .where("part_id > 1");

    assertThat(all.bucket()).isEqualTo("drawings");
    assertThat(all.keyColumn()).isEqualTo("file_name");
    assertThat(all.metaColumns()).containsExactly("file_extension", "part_id");
    assertThat(all.where()).isEqualTo("part_id > 1");
    assertThat(all.where("  ").where()).isNull();
    assertThat(all.keyColumn(null).keyColumn()).isNull();
    assertThat(parts.bucket()).isEqualTo("default");
    assertThat(all).isEqualTo(all.where("part_id > 1")).isNotEqualTo(parts);
  }

  @Test
  void refusesBadNamesNamingThem() {
    assertThatThrownBy(() -> ImportOptions.of("t\u0000", "id", "d"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("table 't\\u0000' has control character U+0000");
    assertThatThrownBy(() -> ImportOptions.of("t", "", "d"))
        .hasMessageStartingWith("id column '' is empty");
    assertThatThrownBy(() -> ImportOptions.of("t", "id", "d\td"))
        .hasMessageStartingWith("data column 'd\\u0009d'");
    assertThatThrownBy(() -> parts.keyColumn("k\r"))
        .hasMessageStartingWith("key column 'k\\u000d'");
    assertThatThrownBy(() -> parts.metaColumns(List.of("ok", "no\n")))
        .hasMessageStartingWith("meta column 'no\\u000a'");
    assertThatThrownBy(() -> parts.bucket("no space")).hasMessageContaining("'no space'");
  }

  @Test
  void refusesMetaColumnsNamedLikeTheSourceReference() {
    assertThatThrownBy(() -> parts.metaColumns(List.of(TableImport.SOURCE_FIELD)))
        .hasMessage(
            "meta column 'import_source' would overwrite the user field the import keeps its"
                + " source reference in");
  }

  @Test
  void queriesQuoteEveryNameAndParenthesizeTheCondition() {
    SourceQueries sql =
        SourceQueries.of(
            ImportOptions.of("s.part_drawings", "part_id", "drawing")
                .keyColumn("name")
                .metaColumns(List.of("file_extension"))
                .where("part_id > 1 OR part_id < 0"),
            "\"");

    assertThat(sql.count())
        .isEqualTo(
            "SELECT count(*), sum(length(\"drawing\")) FROM \"s\".\"part_drawings\""
                + " WHERE (part_id > 1 OR part_id < 0)");
    assertThat(sql.listing())
        .isEqualTo(
            "SELECT \"part_id\", length(\"drawing\") FROM \"s\".\"part_drawings\""
                + " WHERE (part_id > 1 OR part_id < 0) ORDER BY \"part_id\"");
    assertThat(sql.row())
        .isEqualTo(
            "SELECT \"drawing\", \"name\", \"file_extension\" FROM \"s\".\"part_drawings\""
                + " WHERE \"part_id\" = ? AND (part_id > 1 OR part_id < 0)");
    assertThat(SourceQueries.of(parts, "\"").listing())
        .isEqualTo(
            "SELECT \"part_id\", length(\"drawing\") FROM \"part_drawings\" ORDER BY \"part_id\"");
  }

  @Test
  void queriesDoubleAQuoteCharacterInsideAName() {
    SourceQueries sql = SourceQueries.of(ImportOptions.of("my parts", "id", "dr`aw\""), "`");

    assertThat(sql.listing())
        .isEqualTo("SELECT `id`, length(`dr``aw\"`) FROM `my parts` ORDER BY `id`");
  }
}
