package dev.blobkeep.postgres;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Keys of the advisory locks blobkeep takes. A key is the first 64 bits of the SHA-256 of a
 * namespaced name, so every process computes the same key for the same schema, and keys collide
 * with each other or with an application's own advisory locks only by 64-bit chance.
 */
final class Locks {
  private Locks() {}

  /** The transaction lock that serializes schema creation and upgrades of one schema. */
  static long schemaKey(String schema) {
    return key("blobkeep schema " + schema);
  }

  private static long key(String name) {
    try {
      byte[] sha =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(sha).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
