package dev.blobkeep.cli;

import dev.blobkeep.bytea.Bytea;
import dev.blobkeep.bytea.ByteaOutputStream;
import dev.blobkeep.bytea.Format;
import java.io.IOException;
import java.io.OutputStream;

/**
 * How {@code get} and {@code encode} print bytes: as they are, or as text exactly as PostgreSQL
 * prints a {@code bytea} ({@link Bytea#encoder(OutputStream, Format)}), with no line end added.
 */
enum ByteFormat {
  RAW(null),
  HEX(Format.HEX),
  ESCAPE(Format.ESCAPE);

  private final Format bytea;

  ByteFormat(Format bytea) {
    this.bytea = bytea;
  }

  /**
   * Writes the bytes {@code content} produces to {@code out} in this format and completes the text
   * (an empty input is {@code \x} in hex). Does not close {@code out}.
   */
  void write(OutputStream out, AtomicFile.Content content) throws IOException {
    if (bytea == null) {
      content.writeTo(out);
      return;
    }
    ByteaOutputStream encoder = Bytea.encoder(out, bytea);
    content.writeTo(encoder);
    encoder.finish();
  }
}
