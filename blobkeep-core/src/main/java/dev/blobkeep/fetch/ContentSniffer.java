package dev.blobkeep.fetch;

import dev.blobkeep.ContentTypes;

/**
 * Guesses a content type from the first bytes of a body: PNG, JPEG, GIF, WebP, PDF, ZIP and gzip by
 * their signatures, then JSON and plain text by being UTF-8 without control characters, else {@code
 * application/octet-stream}. Stateless.
 */
final class ContentSniffer {
  /** How many leading bytes {@link #sniff(byte[], int)} looks at. */
  static final int HEAD_SIZE = ContentTypes.HEAD_SIZE;

  static final String OCTET_STREAM = "application/octet-stream";

  private ContentSniffer() {}

  /**
   * The content type of a body starting with {@code head[0, length)}; {@code length} is less than
   * {@link #HEAD_SIZE} only when that is the whole body. The library's one rule, {@link
   * ContentTypes#sniff(byte[], int)}.
   */
  static String sniff(byte[] head, int length) {
    return ContentTypes.sniff(head, length);
  }
}
