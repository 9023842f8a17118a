package dev.blobkeep.fetch;

import java.io.IOException;

/** The server's bytes are not valid HTTP/1.1 (status line, header or body framing). */
final class ProtocolViolation extends IOException {
  private static final long serialVersionUID = 1L;

  ProtocolViolation(String message) {
    super(message);
  }
}
