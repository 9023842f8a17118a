package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed stores of older schema versions ({@code fixtures/*.db}) and their contents. */
final class StoreFixtures {
  private StoreFixtures() {}

  /** Never-zero bytes, as the fixture makers wrote them: byte i is (i * 7 + seed) % 251 + 1. */
  static byte[] pattern(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) ((i * 7 + seed) % 251 + 1);
    }
    return b;
  }

  /** A copy of the fixture {@code fixtures/<name>} in {@code dir}, to open and upgrade. */
  static Path copy(Path dir, String name) throws Exception {
    Path file = dir.resolve(name);
    try (InputStream in = StoreFixtures.class.getResourceAsStream("/fixtures/" + name)) {
      assertThat(in).as("fixture fixtures/" + name).isNotNull();
      Files.copy(in, file);
    }
    return file;
  }
}
