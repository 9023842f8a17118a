package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobCorruptException;
import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.StoreException;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Dates, entity tags, status mapping and the server's configuration checks. */
class HttpSupportTest {

  @Test
  void readsTheThreeHttpDateFormsAndWritesImfFixdate() {
    Instant t = Instant.parse("1994-11-06T08:49:37Z");
    assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(t);
    assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(t);
    assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(t);
    assertThat(HttpDates.parse("yesterday")).isNull();
    assertThat(HttpDates.format(t)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(HttpDates.format(Instant.parse("2024-03-01T00:00:00Z")))
        .isEqualTo("Fri, 01 Mar 2024 00:00:00 GMT");
  }

  @Test
  void parsesEntityTagLists() {
    assertThat(EntityTags.parseList("*")).isNull();
    assertThat(EntityTags.parseList("\"a\", W/\"b\" ,\"c,d\""))
        .containsExactly(
            new EntityTags.Tag("\"a\"", false),
            new EntityTags.Tag("\"b\"", true),
            new EntityTags.Tag("\"c,d\"", false));
    assertThat(EntityTags.parseList("junk, \"a\""))
        .containsExactly(new EntityTags.Tag("\"a\"", false));
  }

  @Test
  void mapsLibraryExceptionsToStatuses() {
    assertThat(Failures.toHttp(new BlobNotFoundException(BlobRef.key("a", "b"))).status())
        .isEqualTo(404);
    assertThat(Failures.toHttp(new InvalidArgumentException("x")).status()).isEqualTo(400);
    assertThat(Failures.toHttp(new BlobExpiredException("x")).status()).isEqualTo(409);
    assertThat(Failures.toHttp(new BlobCorruptException("chunk 3 of blob x")).getMessage())
        .isEqualTo("stored data is corrupt: chunk 3 of blob x");
    assertThat(Failures.toHttp(new StoreException("database is down")).status()).isEqualTo(503);
    assertThat(Failures.toHttp(new IOException("x", new BlobExpiredException("gone"))).status())
        .isEqualTo(409);
    HttpError unknown = Failures.toHttp(new NullPointerException("secret detail"));
    assertThat(unknown.status()).isEqualTo(500);
    assertThat(unknown.getMessage()).doesNotContain("secret detail");
  }

  @Test
  void noAuthIsRefusedOffLoopbackAndATokenIsNeededOtherwise() {
    assertThatThrownBy(
            () -> BlobServer.builder().bind("0.0.0.0").noAuth(true).port(0).build().start())
        .hasMessageContaining("only on a loopback address");
    assertThatThrownBy(() -> BlobServer.builder().port(0).build().start())
        .hasMessageContaining("no token");
    assertThatThrownBy(() -> ServerArgs.parse(new String[] {"--port"}))
        .hasMessage("option --port needs a value");
    assertThatThrownBy(() -> ServerArgs.parse(new String[] {"--nope"}))
        .hasMessage("unknown option '--nope'");
    assertThat(ServerArgs.size("--max-body", "512M")).isEqualTo(512L << 20);
  }
}
