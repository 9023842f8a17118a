package dev.blobkeep.server.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} body as it is read: chunks {@code HEX-SIZE[;chunk-signature=SIG]
 * CRLF DATA CRLF}, a zero-size last chunk, then trailer lines ({@code x-amz-checksum-crc32:...},
 * {@code x-amz-trailer-signature:...}) up to an empty line. With a signing key every chunk
 * signature is checked against the previous one (the seed is the request's signature), and the
 * trailer signature too; a missing or wrong one fails the read with {@link BodyRejected} before the
 * end is reported, so a store reading this stream keeps nothing. Not thread-safe.
 */
final class AwsChunkedInputStream extends InputStream {
  private static final int MAX_LINE = 4096;

  private final InputStream in;
  private final Authenticator.Auth auth;
  private final boolean signed;
  private final boolean trailer;
  private final Map<String, String> trailers = new LinkedHashMap<>();
  private String previous;
  private long remaining;
  private MessageDigest chunkHash;
  private String chunkSignature;
  private boolean end;

  /**
   * @param auth the verified request (its key, scope, date and seed signature)
   * @param signed true if each chunk carries a signature to check
   * @param trailer true if trailer lines follow the last chunk
   */
  AwsChunkedInputStream(InputStream in, Authenticator.Auth auth, boolean signed, boolean trailer) {
    this.in = in;
    this.auth = auth;
    this.signed = signed;
    this.trailer = trailer;
    this.previous = auth.seedSignature();
  }

  /** A trailer's value once the body has been read to the end, or null. */
  String trailer(String name) {
    return trailers.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!end && remaining == 0) {
      nextChunk();
    }
    if (end) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw malformed("the body ended inside a chunk, " + remaining + " bytes short");
    }
    if (chunkHash != null) {
      chunkHash.update(b, off, n);
    }
    remaining -= n;
    if (remaining == 0) {
      endOfChunk();
    }
    return n;
  }

  private void nextChunk() throws IOException {
    String header = line();
    if (header == null) {
      throw malformed("the body ended before the last (zero-size) chunk");
    }
    int semi = header.indexOf(';');
    String hexSize = (semi < 0 ? header : header.substring(0, semi)).strip();
    long size;
    try {
      size = Long.parseLong(hexSize, 16);
    } catch (NumberFormatException e) {
      throw malformed("chunk size '" + hexSize + "' is not hexadecimal");
    }
    if (size < 0) {
      throw malformed("chunk size " + hexSize + " is negative");
    }
    chunkSignature = null;
    if (semi >= 0) {
      String ext = header.substring(semi + 1).strip();
      if (ext.startsWith("chunk-signature=")) {
        chunkSignature = ext.substring("chunk-signature=".length());
      }
    }
    if (signed && chunkSignature == null) {
      throw new BodyRejected(
          new S3Exception(
              403,
              "SignatureDoesNotMatch",
              "a chunk of a signed aws-chunked body has no signature"));
    }
    chunkHash = signed ? SigV4.sha256() : null;
    remaining = size;
    if (size == 0) {
      checkChunkSignature();
      if (trailer) {
        readTrailers();
      } else {
        line(); // the CRLF after the last chunk
      }
      end = true;
    }
  }

  private void endOfChunk() throws IOException {
    String crlf = line();
    if (crlf == null || !crlf.isEmpty()) {
      throw malformed("a chunk's data is not followed by CRLF");
    }
    checkChunkSignature();
  }

  private void checkChunkSignature() throws BodyRejected {
    if (!signed) {
      return;
    }
    String toSign =
        "AWS4-HMAC-SHA256-PAYLOAD\n"
            + auth.amzDate()
            + "\n"
            + auth.scope()
            + "\n"
            + previous
            + "\n"
            + SigV4.EMPTY_SHA256
            + "\n"
            + SigV4.hex(chunkHash.digest());
    String expected = SigV4.sign(auth.signingKey(), toSign);
    if (!SigV4.same(expected, chunkSignature)) {
      throw new BodyRejected(
          new S3Exception(
              403,
              "SignatureDoesNotMatch",
              "The chunk signature we calculated does not match the one you provided"));
    }
    previous = expected;
  }

  private void readTrailers() throws IOException {
    StringBuilder canonical = new StringBuilder();
    String signature = null;
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      if (colon <= 0) {
        throw malformed("trailer line '" + l + "' is not NAME:VALUE");
      }
      String name = l.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = l.substring(colon + 1).strip();
      if (name.equals("x-amz-trailer-signature")) {
        signature = value;
      } else {
        trailers.put(name, value);
        canonical.append(name).append(':').append(value).append('\n');
      }
    }
    if (signed) {
      String toSign =
          "AWS4-HMAC-SHA256-TRAILER\n"
              + auth.amzDate()
              + "\n"
              + auth.scope()
              + "\n"
              + previous
              + "\n"
              + SigV4.sha256Hex(canonical.toString());
      if (!SigV4.same(SigV4.sign(auth.signingKey(), toSign), signature)) {
        throw new BodyRejected(
            new S3Exception(
                403,
                "SignatureDoesNotMatch",
                "The trailer signature we calculated does not match the one you provided"));
      }
    }
  }

  /** One line without its CRLF, or null at the end of input. */
  private String line() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(80);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = buf.toByteArray();
        int n =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
      }
      buf.write(c);
      if (buf.size() > MAX_LINE) {
        throw malformed("a chunk header or trailer line is longer than " + MAX_LINE + " bytes");
      }
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
  }

  private static BodyRejected malformed(String why) {
    return new BodyRejected(
        new S3Exception(400, "IncompleteBody", "malformed aws-chunked body: " + why));
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
