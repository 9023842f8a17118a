package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One line per request through SLF4J: method, path, status, bytes, milliseconds. */
class AccessLogTest {
  private BlobServer server;
  private Http http;

  /** A logger that keeps every INFO line (the SLF4J API only; no binding). */
  static final class Captured extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    final List<String> lines = new CopyOnWriteArrayList<>();

    Captured() {
      this.name = AccessLog.LOGGER;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String message, Object[] args, Throwable t) {
      lines.add(level + " " + MessageFormatter.basicArrayFormat(message, args));
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }

  private Captured start(boolean on, Path dir) {
    Captured log = new Captured();
    server =
        BlobServer.builder()
            .location(dir.resolve("blobs.db").toString())
            .port(0)
            .token(ServerTest.ADMIN + ":rw:*")
            .accessLog(on)
            .accessLogger(log)
            .build()
            .start();
    http = new Http(server.port(), ServerTest.ADMIN);
    return log;
  }

  @AfterEach
  void stop() {
    if (http != null) {
      http.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void eachRequestIsOneLineWithMethodPathStatusBytesAndMillis(@TempDir Path dir) {
    Captured log = start(true, dir);

    http.put("/b/docs/a%20b.txt?x=secret-query", new byte[] {1, 2, 3});
    byte[] body = http.get("/b/docs/a%20b.txt").body();
    http.get("/b/docs/missing");

    assertThat(log.lines).hasSize(3);
    assertThat(log.lines.get(0)).matches("INFO PUT /b/docs/a%20b\\.txt 201 \\d+ \\d+ms");
    assertThat(log.lines.get(1))
        .matches("INFO GET /b/docs/a%20b\\.txt 200 " + body.length + " \\d+ms");
    assertThat(log.lines.get(2)).matches("INFO GET /b/docs/missing 404 \\d+ \\d+ms");
    assertThat(String.join("\n", log.lines))
        .doesNotContain(ServerTest.ADMIN)
        .doesNotContain("secret-query");
  }

  @Test
  void aRefusedRequestIsLoggedToo(@TempDir Path dir) {
    Captured log = start(true, dir);
    http.token = "not-the-token-0123456789";

    http.get("/b");

    assertThat(log.lines).singleElement().asString().matches("INFO GET /b 401 \\d+ \\d+ms");
    assertThat(log.lines.get(0)).doesNotContain("not-the-token");
  }

  @Test
  void turnedOffItWritesNothing(@TempDir Path dir) {
    Captured log = start(false, dir);

    http.put("/b/docs/a", new byte[] {1});

    assertThat(log.lines).isEmpty();
  }
}
