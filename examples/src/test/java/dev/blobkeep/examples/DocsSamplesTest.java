package dev.blobkeep.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.testkit.PgServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The code samples of README.md and docs/*.md are tested code. A sample marked {@code <!-- include:
 * FILE[#TAG] -->} on the line before its fence must equal that file (whole, or the lines between
 * {@code tag::TAG[]} and {@code end::TAG[]} comments, common indentation removed); every Java
 * sample must be marked so, and the sources they come from are run here or by their own module's
 * tests.
 */
class DocsSamplesTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Pattern FENCE =
      Pattern.compile(
          "(?:<!-- include: ([^# ]+)(?:#(\\w+))? -->\\n)?```(\\w*)\\n(.*?)\\n```", Pattern.DOTALL);

  /** Pages whose Java samples are not included from tested code yet, and why. */
  private static final Map<String, String> NOT_YET = Map.of();

  @TempDir Path dir;

  @Test
  void everyIncludedSampleIsItsSourceAndEveryJavaSampleIsIncluded() throws Exception {
    List<String> included = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path page : pages()) {
      String name = ROOT.relativize(page).toString();
      String text = Files.readString(page, StandardCharsets.UTF_8);
      Matcher m = FENCE.matcher(text);
      while (m.find()) {
        long line = 1 + text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        if (m.group(1) != null) {
          String source = Files.readString(ROOT.resolve(m.group(1)), StandardCharsets.UTF_8);
          String expected = m.group(2) == null ? source.strip() : region(source, m.group(2));
          if (!m.group(4).equals(expected)) {
            problems.add(name + ":" + line + " differs from " + m.group(1) + "#" + m.group(2));
          }
          included.add(name + " <- " + m.group(1) + (m.group(2) == null ? "" : "#" + m.group(2)));
        } else if (m.group(3).equals("java") && !NOT_YET.containsKey(name)) {
          problems.add(name + ":" + line + " has a Java sample not included from tested code");
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(included)
        .contains(
            "README.md <- examples/src/main/java/dev/blobkeep/examples/Tour.java#tour",
            "README.md <- examples/consumer/pom.xml#dependencies",
            "docs/library.md <- examples/src/main/java/dev/blobkeep/examples/Tour.java#tour",
            "docs/postgresql.md <- examples/src/main/java/dev/blobkeep/examples/PostgresStores.java#open",
            "docs/spring-boot.md <- examples/spring-parts/src/main/java/dev/blobkeep/examples/springparts/Parts.java#save",
            "docs/s3.md <- blobkeep-server/src/test/java/dev/blobkeep/server/s3/S3ServerTest.java#client",
            "docs/s3.md <- blobkeep-testkit/src/main/java/dev/blobkeep/testkit/KeyOrderContract.java#orderByKey");
  }

  @Test
  void theTourRunsInItsDirectoryAndLeavesWhatItSays() throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Tour.class.getName())
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("finished in time").isTrue();

    assertThat(p.exitValue()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("copy.png"))).isEqualTo(Drawings.png(1));
    assertThat(out.lines())
        .containsExactlyInAnyOrder(
            "photos/2024/cat.png  200000 bytes",
            "scratch/null  1073741824 bytes",
            "docs/a  1 bytes");
  }

  @Test
  void thePostgresPageOpensByUrlAndOnTheApplicationsPool() {
    PgServer.require();
    String schema = PgServer.newSchema();
    PGSimpleDataSource pool = new PGSimpleDataSource();
    pool.setURL(PgServer.URL);
    try {
      assertThat(PostgresStores.putByUrlReadOnPool(PgServer.URL, pool, schema)).isEqualTo("hello");
    } finally {
      PgServer.drop(schema);
    }
  }

  private static List<Path> pages() throws Exception {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The lines between the tag's start and end comments ({@code //} or XML), dedented. */
  static String region(String source, String tag) {
    Matcher m =
        Pattern.compile(
                "(?://|<!--) tag::"
                    + tag
                    + "\\[\\](?: -->)?\\n(.*?)\\n[ \\t]*(?://|<!--) end::"
                    + tag
                    + "\\[\\]",
                Pattern.DOTALL)
            .matcher(source);
    assertThat(m.find()).as("tag %s", tag).isTrue();
    List<String> lines = m.group(1).stripTrailing().lines().toList();
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return String.join(
        "\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
  }
}
