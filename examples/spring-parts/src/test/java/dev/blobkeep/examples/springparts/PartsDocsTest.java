package dev.blobkeep.examples.springparts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every code sample of {@code docs/spring-boot.md} marked {@code <!-- include: FILE[#TAG] -->} is
 * this application's code: the whole file, or the lines between {@code // tag::TAG[]} and {@code //
 * end::TAG[]} with one level of indentation removed.
 */
class PartsDocsTest {
  private static final Path ROOT = Path.of("../..");
  private static final Pattern INCLUDE =
      Pattern.compile(
          "<!-- include: ([^# ]+)(?:#(\\w+))? -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void everyIncludedSampleIsTheApplicationsCode() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/spring-boot.md"));
    Matcher m = INCLUDE.matcher(doc);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      String source = Files.readString(ROOT.resolve(m.group(1)));
      String expected = m.group(2) == null ? source.strip() : region(source, m.group(2));
      assertThat(m.group(3)).as("sample from %s#%s", m.group(1), m.group(2)).isEqualTo(expected);
      checked.add(m.group(1) + "#" + m.group(2));
    }
    assertThat(checked).hasSize(4);
  }

  private static String region(String source, String tag) {
    Matcher m =
        Pattern.compile(
                "// tag::" + tag + "\\[\\]\\n(.*?)\\n\\s*// end::" + tag + "\\[\\]", Pattern.DOTALL)
            .matcher(source);
    assertThat(m.find()).as("tag %s", tag).isTrue();
    List<String> lines = new ArrayList<>();
    for (String line : m.group(1).stripTrailing().split("\n", -1)) {
      lines.add(line.startsWith("  ") ? line.substring(2) : line);
    }
    return String.join("\n", lines).stripTrailing();
  }
}
