package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.reliability.FuzzTally;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The command line end to end on hostile arguments (sizes, references, user fields, buckets and
 * keys): every run either succeeds or exits 1 or 2 with exactly one line on standard error starting
 * {@code blobkeep: }, never a stack trace.
 */
@AddLifecycleHook(FuzzTally.Watch.class)
class CliArgumentsFuzzTest {
  private static final FuzzTally TALLY =
      FuzzTally.of(CliArgumentsFuzzTest.class, "hostile input: CLI arguments end to end");
  private static final Path DB = store();

  @Property(tries = 150)
  void getWithHostileRefAndSizes(@ForAll("hostile") String ref, @ForAll("sizes") String size) {
    check(run("get", ref, "--offset", size, "--length", size));
  }

  @Property(tries = 150)
  void putWithHostilePlacement(
      @ForAll("hostile") String bucket,
      @ForAll("hostile") String key,
      @ForAll("hostile") String f) {
    check(run("put", "-", "--bucket", bucket, "--key", key, "--meta", f + "=" + key, "--type", f));
  }

  @Property(tries = 100)
  void lsWithHostileFilters(@ForAll("hostile") String prefix, @ForAll("hostile") String field) {
    check(run("ls", "--bucket", "default", "--prefix", prefix, "--where", field + "=" + prefix));
  }

  @AfterContainer
  static void record() {
    TALLY.record();
  }

  private static void check(Result r) {
    TALLY.tried();
    if (r.status == 0) {
      return;
    }
    TALLY.refused();
    assertThat(r.status).as(r.err).isIn(1, 2);
    assertThat(r.err.lines().count()).as("stderr lines: %s", r.err).isEqualTo(1);
    assertThat(r.err).startsWith("blobkeep: ").doesNotContain("\tat ").doesNotContain("Exception:");
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(30),
        Arbitraries.strings().withChars("abc/.\\'\"%_=\n\r\t\0-").ofMaxLength(12),
        Arbitraries.of("", "-", "--", "--help", "../../x", "b/../../x", "=", "a=b=c", "{}"));
  }

  @Provide
  Arbitrary<String> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789KMGTPEkb-+. \n").ofMaxLength(22),
        Arbitraries.strings().all().ofMaxLength(10));
  }

  private record Result(int status, String err) {}

  private static Result run(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--db";
    all[1] = DB.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    Terminal terminal =
        new Terminal(
            new ByteArrayInputStream("content".getBytes(StandardCharsets.UTF_8)),
            new ByteArrayOutputStream(),
            errStream,
            Map.of(),
            false);
    PrintStream systemErr = System.err;
    System.setErr(errStream); // a stray stack trace would land here too
    try {
      int status = Main.run(terminal, all);
      return new Result(status, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(systemErr);
    }
  }

  private static Path store() {
    try {
      Path dir = Files.createTempDirectory("blobkeep-cli-fuzz-");
      dir.toFile().deleteOnExit();
      return dir.resolve("store.db");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
