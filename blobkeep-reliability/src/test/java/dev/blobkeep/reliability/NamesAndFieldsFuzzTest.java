package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Keys, bucket names, blob references, JSON user fields and query filters on hostile text: every
 * input either works or throws {@link InvalidArgumentException} with a one-line message, never
 * another exception type; what is accepted reads back as given.
 */
@AddLifecycleHook(FuzzTally.Watch.class)
class NamesAndFieldsFuzzTest {
  private static final FuzzTally TALLY =
      FuzzTally.of(
          NamesAndFieldsFuzzTest.class,
          "hostile input: keys, buckets, refs, JSON fields, query filters");
  private static final int TRIES = 12_000;

  @Property(tries = TRIES)
  void blobRefParseAcceptsOrRefusesCleanly(@ForAll("refs") String text) {
    TALLY.tried();
    try {
      BlobRef ref = BlobRef.parse(text);
      assertThat(BlobRef.parse(ref.toString())).isEqualTo(ref);
      if (!ref.isId()) {
        assertThat(ref.bucket() + "/" + ref.key()).isEqualTo(text);
      }
    } catch (InvalidArgumentException e) {
      refusal(e, text);
    }
  }

  @Property(tries = TRIES)
  void keysAndBucketsAcceptOrRefuseCleanly(
      @ForAll("names") String bucket, @ForAll("names") String key) {
    TALLY.tried();
    try {
      PutOptions options = PutOptions.at(bucket, key);
      assertThat(options.bucket()).isEqualTo(bucket);
      assertThat(options.key()).isEqualTo(key);
      assertThat(BlobRef.key(bucket, key)).isEqualTo(BlobRef.parse(bucket + "/" + key));
    } catch (InvalidArgumentException e) {
      refusal(e, bucket + " | " + key);
    }
  }

  @Property(tries = TRIES)
  void metaJsonAcceptsAnObjectOrRefusesCleanly(@ForAll("json") String json) {
    TALLY.tried();
    try {
      Map<String, Object> meta = PutOptions.defaults().metaJson(json).meta();
      // What was accepted is a valid JSON object again when written out.
      String again = dev.blobkeep.internal.Json.write(meta);
      assertThat(PutOptions.defaults().metaJson(again).meta()).isEqualTo(meta);
    } catch (InvalidArgumentException e) {
      refusal(e, json);
    }
  }

  @Property(tries = TRIES)
  void queryFiltersAcceptOrRefuseCleanly(
      @ForAll("names") String field,
      @ForAll("values") Object value,
      @ForAll("names") String prefix) {
    TALLY.tried();
    try {
      Query q = Query.all().where(field, value);
      assertThat(q.where()).containsEntry(field, value);
    } catch (InvalidArgumentException e) {
      refusal(e, field);
    }
    try {
      Query q = Query.all().prefix(prefix);
      assertThat(q.prefix()).isEqualTo(prefix.isEmpty() ? null : prefix);
    } catch (InvalidArgumentException e) {
      refusal(e, prefix);
    }
    try {
      Query q = Query.all().fields(field, prefix);
      assertThat(q.fields()).contains(field, prefix);
    } catch (InvalidArgumentException e) {
      refusal(e, field + " | " + prefix);
    }
    try {
      PutOptions.defaults().contentType(prefix);
    } catch (InvalidArgumentException e) {
      refusal(e, prefix);
    }
  }

  @AfterContainer
  static void record() {
    TALLY.record();
  }

  /** Counts the refusal and checks that its message is one line, whatever the input held. */
  private static void refusal(InvalidArgumentException e, String input) {
    TALLY.refusal(e, input);
  }

  @Provide
  Arbitrary<String> refs() {
    return Arbitraries.oneOf(
        Hostile.strings(100),
        Hostile.strings(40).map(s -> "b/" + s),
        Hostile.strings(40).map(s -> s + "/../../x"),
        Arbitraries.strings().withChars("0123456789abcdefABCDEF-").ofLength(36),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(1100).map(s -> "b/" + s));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Hostile.strings(60),
        Arbitraries.strings().withChars("abc.-_/").ofMaxLength(10),
        Arbitraries.of("..", ".", "/", "a/../../b", "../../x", "\0", "\ud800", "a\udc00b"),
        Arbitraries.strings().alpha().ofMinLength(120).ofMaxLength(1100));
  }

  @Provide
  Arbitrary<Object> values() {
    return Arbitraries.oneOf(
        Hostile.strings(40).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(
            Double.NaN,
            Double.POSITIVE_INFINITY,
            true,
            new BigDecimal("1e400"),
            List.of(1),
            Map.of("a", 1),
            new Object()));
  }

  @Provide
  Arbitrary<String> json() {
    Arbitrary<String> structured =
        Arbitraries.oneOf(
            Hostile.strings(30).map(s -> "{\"" + s + "\": 1}"),
            Hostile.strings(30).map(s -> "{\"a\": \"" + s + "\"}"),
            Hostile.from("{}[]\":,0123456789.eE+-truefalsn \\u", 60),
            Arbitraries.integers().between(1, 200).map(n -> "[".repeat(n) + "]".repeat(n)),
            Arbitraries.integers()
                .between(1, 60)
                .map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
            Arbitraries.integers().between(1, 3000).map(n -> "{\"n\": 1" + "0".repeat(n) + "}"),
            Arbitraries.integers().between(1, 6000).map(n -> "{\"n\": 1e" + n + "}"),
            Arbitraries.of(
                "{\"a\": \"\\u0000\"}",
                "{\"a\": \"\\ud800\"}",
                "{\"a\\u0000\": 1}",
                "{\"\": 1}",
                "{} {}",
                "{\"a\": NaN}",
                "null",
                "",
                "{\"a\":1,\"a\":2}"));
    return Arbitraries.oneOf(structured, Hostile.strings(80));
  }
}
