package dev.blobkeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PutOptionsTest {
  /** Every setting away from its default, so a wither that drops one shows. */
  private static final PutOptions ALL_SET =
      PutOptions.at("drawings", "bolt.png")
          .contentType("image/png")
          .meta("owner", "ann")
          .ifMatch("\"tag-1\"")
          .computeMd5()
          .etag("stored-etag")
          .chunkSize(StoreOptions.MIN_CHUNK_SIZE)
          .skipSha256();

  @Test
  void eachSettingIsKeptThroughEveryOtherWither() {
    assertThat(ALL_SET.bucket()).isEqualTo("drawings");
    assertThat(ALL_SET.key()).isEqualTo("bolt.png");
    assertThat(ALL_SET.contentType()).isEqualTo("image/png");
    assertThat(ALL_SET.meta()).isEqualTo(Map.of("owner", "ann"));
    assertThat(ALL_SET.ifMatch()).isEqualTo("\"tag-1\"");
    assertThat(ALL_SET.isIfAbsent()).isFalse();
    assertThat(ALL_SET.isComputeMd5()).isTrue();
    assertThat(ALL_SET.etag()).isEqualTo("stored-etag");
    assertThat(ALL_SET.chunkSize()).isEqualTo(StoreOptions.MIN_CHUNK_SIZE);
    assertThat(ALL_SET.isSkipSha256()).isTrue();
  }

  @Test
  void aWitherChangesOnlyWhatItNames() {
    assertOnly("bucket", o -> o.bucket("other"));
    assertOnly("key", o -> o.key(null));
    assertOnly("contentType", o -> o.contentType("text/plain"));
    assertOnly("meta", o -> o.meta(Map.of()));
    assertOnly("meta", o -> o.meta("size", 8));
    assertOnly("etag", o -> o.etag(null));
    assertOnly("chunkSize", o -> o.chunkSize(StoreOptions.MAX_CHUNK_SIZE));
  }

  @Test
  void ifAbsentAndIfMatchReplaceEachOther() {
    PutOptions absent = ALL_SET.ifAbsent();
    assertThat(absent.isIfAbsent()).isTrue();
    assertThat(absent.ifMatch()).isNull();
    assertThat(absent.etag()).isEqualTo("stored-etag");
    assertThat(absent.chunkSize()).isEqualTo(StoreOptions.MIN_CHUNK_SIZE);

    PutOptions match = absent.ifMatch("\"tag-2\"");
    assertThat(match.isIfAbsent()).isFalse();
    assertThat(match.ifMatch()).isEqualTo("\"tag-2\"");
    assertThat(match.isSkipSha256()).isTrue();
    assertThat(match.ifMatch("\"tag-1\"")).isEqualTo(ALL_SET);
  }

  @Test
  void theFlagWithersKeepEverythingElse() {
    // every other setting away from its default, the two flags off
    PutOptions plain =
        PutOptions.at("drawings", "bolt.png")
            .contentType("image/png")
            .meta("owner", "ann")
            .ifMatch("\"tag-1\"")
            .etag("stored-etag")
            .chunkSize(StoreOptions.MIN_CHUNK_SIZE);
    assertOnly(plain, "computeMd5", PutOptions::computeMd5);
    assertOnly(plain, "skipSha256", PutOptions::skipSha256);
    assertOnly(plain.ifAbsent(), "computeMd5", PutOptions::computeMd5);
  }

  @Test
  void withersLeaveTheOriginalAsItWas() {
    PutOptions defaults = PutOptions.defaults();
    defaults.bucket("other").key("k").contentType("text/plain").ifAbsent().chunkSize(4096);
    assertThat(defaults.bucket()).isEqualTo("default");
    assertThat(defaults.key()).isNull();
    assertThat(defaults.hasContentType()).isFalse();
    assertThat(defaults.contentType()).isEqualTo("application/octet-stream");
    assertThat(defaults.meta()).isEmpty();
    assertThat(defaults.isIfAbsent()).isFalse();
    assertThat(defaults.chunkSize()).isZero();
    assertThat(defaults).isEqualTo(PutOptions.defaults());
  }

  @Test
  void aRefusedChangeNamesTheValue() {
    assertThatThrownBy(() -> ALL_SET.chunkSize(1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("got 1");
    assertThatThrownBy(() -> ALL_SET.etag(""))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> ALL_SET.ifMatch(""))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("ifMatch needs an entity tag");
  }

  /** Checks that {@code change} applied to {@link #ALL_SET} changes {@code setting} alone. */
  private static void assertOnly(String setting, UnaryOperator<PutOptions> change) {
    assertOnly(ALL_SET, setting, change);
  }

  /** Checks that {@code change} applied to {@code base} changes {@code setting} alone. */
  private static void assertOnly(
      PutOptions base, String setting, UnaryOperator<PutOptions> change) {
    PutOptions changed = change.apply(base);
    assertThat(changed).isNotEqualTo(base);
    Map<String, Object> before = settings(base);
    Map<String, Object> after = settings(changed);
    for (String name : before.keySet()) {
      if (!name.equals(setting)) {
        assertThat(after.get(name)).as(setting + " changed " + name).isEqualTo(before.get(name));
      }
    }
    assertThat(after.get(setting)).as(setting).isNotEqualTo(before.get(setting));
  }

  private static Map<String, Object> settings(PutOptions o) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("bucket", o.bucket());
    map.put("key", o.key());
    map.put("contentType", o.contentType());
    map.put("meta", o.meta());
    map.put("ifAbsent", o.isIfAbsent());
    map.put("ifMatch", o.ifMatch());
    map.put("computeMd5", o.isComputeMd5());
    map.put("etag", o.etag());
    map.put("chunkSize", o.chunkSize());
    map.put("skipSha256", o.isSkipSha256());
    return map;
  }
}
