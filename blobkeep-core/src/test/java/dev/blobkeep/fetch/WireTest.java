package dev.blobkeep.fetch;

import static dev.blobkeep.fetch.FetchFailures.assertFetchFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.fetch.FetchException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 the fetcher speaks, against raw answers from a loopback socket. */
class WireTest {
  private final Fetcher fetcher = new Fetcher(FetchOptions.defaults().allowPrivate(true));

  private String body(RawServer server, String path) throws IOException {
    try (FetchedBody body = fetcher.open(server.uri(path))) {
      return new String(body.stream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void sendsOneGetWithHostAndConnectionClose() throws Exception {
    try (RawServer server = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")) {
      assertThat(body(server, "/a%20b/c?x=1&y=%C3%A9")).isEqualTo("hi");
      assertThat(server.request())
          .startsWith("GET /a%20b/c?x=1&y=%C3%A9 HTTP/1.1\r\n")
          .contains("\r\nHost: " + server.uri("").getAuthority() + "\r\n")
          .contains("\r\nConnection: close\r\n")
          .contains("\r\nAccept-Encoding: identity\r\n")
          .endsWith("\r\n\r\n");
    }
  }

  @Test
  void aBodyWithoutLengthEndsWhenTheConnectionCloses() throws Exception {
    try (RawServer server =
        new RawServer("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close")) {
      FetchedBody fetched = fetcher.open(server.uri("/"));
      assertThat(fetched.contentLength()).isEqualTo(-1);
      assertThat(new String(fetched.stream().readAllBytes(), StandardCharsets.US_ASCII))
          .isEqualTo("until close");
    }
  }

  @Test
  void interimAnswersAreSkipped() throws Exception {
    try (RawServer server =
        new RawServer(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes")) {
      assertThat(body(server, "/")).isEqualTo("yes");
    }
  }

  @Test
  void chunkedBodiesAreDecodedWithExtensionsAndTrailers() throws Exception {
    try (RawServer server =
        new RawServer(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n"
                + "5;name=value\r\nhello\r\nA\r\n, chunked!\r\n0\r\nX-Trailer: t\r\n\r\n")) {
      FetchedBody fetched = fetcher.open(server.uri("/"));
      assertThat(fetched.contentLength()).isEqualTo(-1); // Transfer-Encoding wins
      assertThat(new String(fetched.stream().readAllBytes(), StandardCharsets.US_ASCII))
          .isEqualTo("hello, chunked!");
    }
  }

  @Test
  void foldedHeaderLinesAreJoined() throws Exception {
    try (RawServer server =
        new RawServer(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain;\r\n charset=utf-8\r\nContent-Length: 1\r\n\r\nx")) {
      assertThat(fetcher.open(server.uri("/")).contentType())
          .isEqualTo("text/plain; charset=utf-8");
    }
  }

  @Test
  void conflictingContentLengthsAreAProtocolError() throws Exception {
    try (RawServer server =
        new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")) {
      assertFetchFails(
              () -> fetcher.open(server.uri("/")),
              server.uri("/"),
              " sent an invalid response: Content-Length '5, 6' is not one number",
              Kind.PROTOCOL)
          .isInstanceOf(FetchException.class);
    }
  }

  @Test
  void anUnknownTransferCodingIsAProtocolError() throws Exception {
    try (RawServer server =
        new RawServer("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")) {
      assertFetchFails(
          () -> fetcher.open(server.uri("/")),
          server.uri("/"),
          " sent a body with Transfer-Encoding 'gzip, chunked'; only chunked is supported",
          Kind.PROTOCOL);
    }
  }

  @Test
  void aStatusLineThatIsNotHttpIsAProtocolError() throws Exception {
    try (RawServer server = new RawServer("SSH-2.0-OpenSSH_9.6\r\n")) {
      assertFetchFails(
          () -> fetcher.open(server.uri("/")),
          server.uri("/"),
          " sent an invalid response: status line 'SSH-2.0-OpenSSH_9.6' is not HTTP/1.x",
          Kind.PROTOCOL);
    }
  }

  @Test
  void aConnectionClosedWithoutAnAnswerIsLost() throws Exception {
    try (RawServer server = new RawServer("")) {
      assertFetchFails(
          () -> fetcher.open(server.uri("/")),
          server.uri("/"),
          " closed the connection without an answer",
          Kind.CONNECTION_LOST);
    }
  }

  @Test
  void aConnectionClosedInsideAChunkFailsTheRead() throws Exception {
    try (RawServer server =
        new RawServer(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "a\r\n12345")) {
      FetchedBody fetched = fetcher.open(server.uri("/"));
      assertFetchFails(
              () -> fetched.stream().readAllBytes(),
              server.uri("/"),
              " failed after 5 bytes of the body: the connection closed inside a chunk, 5"
                  + " bytes short",
              Kind.CONNECTION_LOST)
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void aMalformedChunkSizeIsAProtocolError() throws Exception {
    try (RawServer server =
        new RawServer(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\n")) {
      FetchedBody fetched = fetcher.open(server.uri("/"));
      assertFetchFails(
          () -> fetched.stream().readAllBytes(),
          server.uri("/"),
          " sent an invalid body after 0 bytes: chunk size line 'zz' is not a hex size",
          Kind.PROTOCOL);
    }
  }
}
