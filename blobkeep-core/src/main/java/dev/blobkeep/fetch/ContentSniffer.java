package dev.blobkeep.fetch;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Guesses a content type from the first bytes of a body: PNG, JPEG, GIF, WebP, PDF, ZIP and gzip by
 * their signatures, then JSON and plain text by being UTF-8 without control characters, else {@code
 * application/octet-stream}. Stateless.
 */
final class ContentSniffer {
  /** How many leading bytes {@link #sniff(byte[], int)} looks at. */
  static final int HEAD_SIZE = 512;

  static final String OCTET_STREAM = "application/octet-stream";

  private ContentSniffer() {}

  /**
   * The content type of a body starting with {@code head[0, length)}; {@code length} is less than
   * {@link #HEAD_SIZE} only when that is the whole body.
   */
  static String sniff(byte[] head, int length) {
    if (startsWith(head, length, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n')) {
      return "image/png";
    }
    if (startsWith(head, length, 0xff, 0xd8, 0xff)) {
      return "image/jpeg";
    }
    if (startsWith(head, length, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(head, length, 'G', 'I', 'F', '8', '9', 'a')) {
      return "image/gif";
    }
    if (startsWith(head, length, 'R', 'I', 'F', 'F')
        && length >= 12
        && head[8] == 'W'
        && head[9] == 'E'
        && head[10] == 'B'
        && head[11] == 'P') {
      return "image/webp";
    }
    if (startsWith(head, length, '%', 'P', 'D', 'F', '-')) {
      return "application/pdf";
    }
    if (startsWith(head, length, 'P', 'K', 3, 4)
        || startsWith(head, length, 'P', 'K', 5, 6)
        || startsWith(head, length, 'P', 'K', 7, 8)) {
      return "application/zip";
    }
    if (startsWith(head, length, 0x1f, 0x8b)) {
      return "application/gzip";
    }
    if (length == 0 || !isText(head, length)) {
      return OCTET_STREAM;
    }
    int first = firstNonSpace(head, length);
    if (first < length && (head[first] == '{' || head[first] == '[')) {
      return "application/json";
    }
    return "text/plain; charset=utf-8";
  }

  private static boolean startsWith(byte[] head, int length, int... signature) {
    if (length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((head[i] & 0xff) != signature[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if the bytes are UTF-8 (a sequence cut by the end of a full head is allowed) without
   * control characters other than tab, newline, form feed and carriage return.
   */
  private static boolean isText(byte[] head, int length) {
    for (int i = 0; i < length; i++) {
      int b = head[i] & 0xff;
      if ((b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r') || b == 0x7f) {
        return false;
      }
    }
    int end = length;
    if (length == HEAD_SIZE) {
      end = withoutCutSequence(head, length);
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      utf8.decode(ByteBuffer.wrap(head, 0, end));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The length without a trailing UTF-8 sequence that the end of the head cut short. */
  private static int withoutCutSequence(byte[] head, int length) {
    for (int back = 1; back <= 3 && back <= length; back++) {
      int b = head[length - back] & 0xff;
      if (b < 0x80) {
        return length; // ASCII: nothing cut
      }
      if (b >= 0xc0) { // a lead byte: cut if it wanted more bytes than follow it
        int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        return needed > back ? length - back : length;
      }
    }
    return length;
  }

  private static int firstNonSpace(byte[] head, int length) {
    int i = 0;
    if (startsWith(head, length, 0xef, 0xbb, 0xbf)) {
      i = 3; // byte order mark
    }
    while (i < length
        && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r')) {
      i++;
    }
    return i;
  }
}
