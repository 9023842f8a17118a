package dev.blobkeep.server.s3;

import java.io.IOException;

/**
 * Thrown from a request body stream when what was read fails a check (a chunk signature, a
 * checksum, the declared length): the store sees a failed read and keeps nothing, and the handler
 * answers with the carried S3 error.
 */
final class BodyRejected extends IOException {
  private final S3Exception error;

  BodyRejected(S3Exception error) {
    super(error.getMessage());
    this.error = error;
  }

  S3Exception error() {
    return error;
  }
}
