package dev.blobkeep;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Content types of blobs: the one guess every front end makes for content that comes without one
 * (by file name, then by the first bytes), and the check of a type given. Stateless and
 * thread-safe.
 */
public final class ContentTypes {
  /** How many leading bytes {@link #sniff(byte[], int)} looks at. */
  public static final int HEAD_SIZE = 512;

  private static final int MAX_LENGTH = 255;

  private ContentTypes() {}

  /**
   * The content type of {@code file}, as {@link Blobs#put(Path, PutOptions)} stores it when no type
   * is given: guessed from the file name ({@code note.txt} is {@code text/plain}), else, for a
   * regular file, sniffed from its first {@value #HEAD_SIZE} bytes ({@link #sniff}), else {@code
   * application/octet-stream}. Never null; always a type the store accepts. A pipe or device is
   * never read from.
   *
   * @param file the file whose type is guessed
   * @return the content type
   * @throws IOException if the file cannot be read
   */
  public static String guess(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    String byName = byName(file);
    if (byName != null) {
      return byName;
    }
    if (!Files.isRegularFile(file)) {
      return PutOptions.DEFAULT_CONTENT_TYPE;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(HEAD_SIZE);
    }
    return sniff(head, head.length);
  }

  /** The type the file name stands for, if the platform or the JDK knows it and it is valid. */
  private static String byName(Path file) throws IOException {
    Path name = file.getFileName();
    if (name == null) {
      return null;
    }
    String guess = Files.probeContentType(file);
    if (guess == null) {
      guess = URLConnection.guessContentTypeFromName(name.toString());
    }
    try {
      return check(guess);
    } catch (InvalidArgumentException e) {
      return null; // a guess the store would refuse is no better than none
    }
  }

  /**
   * Guesses a content type from the first bytes of a body, {@code head[0, length)}: PNG, JPEG, GIF,
   * WebP, PDF, ZIP and gzip by their signatures, then JSON and plain text ({@code text/plain;
   * charset=utf-8}) by being UTF-8 without control characters, else {@code
   * application/octet-stream}. {@code length} is less than {@link #HEAD_SIZE} only when that is the
   * whole body.
   *
   * @param head the first bytes of the body
   * @param length how many of them are valid, at most {@value #HEAD_SIZE} looked at
   * @return the content type; never null
   */
  public static String sniff(byte[] head, int length) {
    Objects.checkFromIndexSize(0, length, head.length);
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
      return PutOptions.DEFAULT_CONTENT_TYPE;
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

  /**
   * Returns the type with its {@code type/subtype} part lower-cased, or null for null. Parameters
   * ({@code ; charset=utf-8}) are kept as given.
   */
  static String check(String contentType) {
    if (contentType == null) {
      return null;
    }
    String t = contentType.strip();
    if (t.length() > MAX_LENGTH) {
      throw new InvalidArgumentException(
          "content type is " + t.length() + " characters, longer than " + MAX_LENGTH);
    }
    int semi = t.indexOf(';');
    String essence = (semi < 0 ? t : t.substring(0, semi)).strip();
    int slash = essence.indexOf('/');
    if (slash <= 0
        || slash == essence.length() - 1
        || !isToken(essence.substring(0, slash))
        || !isToken(essence.substring(slash + 1))) {
      throw new InvalidArgumentException(
          "content type " + Names.quote(contentType) + " is not of the form type/subtype");
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new InvalidArgumentException(
            "content type " + Names.quote(contentType) + " has a non-printable character");
      }
    }
    return essence.toLowerCase(Locale.ROOT) + (semi < 0 ? "" : t.substring(semi));
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return false;
      }
    }
    return !s.isEmpty();
  }
}
