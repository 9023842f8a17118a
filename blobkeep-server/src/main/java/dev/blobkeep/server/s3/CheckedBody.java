package dev.blobkeep.server.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A body stream that computes checksums as it is read and, at its end, before reporting the end,
 * compares them with what the client declared: {@code x-amz-content-sha256} as hex, {@code
 * Content-MD5} and {@code x-amz-checksum-*} as base64 (a trailer's value may arrive only at the
 * end, see {@link #expect(String, String)}). A mismatch fails the read with {@link BodyRejected},
 * so the store keeps nothing. The MD5 is computed only to check a {@code Content-MD5}: the store
 * computes the one it keeps for the ETag. Not thread-safe.
 */
final class CheckedBody extends FilterInputStream {
  private record Check(String algorithm, Checksums.Running running, String expected, boolean hex) {}

  private final List<Check> checks = new ArrayList<>();
  private Checksums.Running md5;
  private final long expectedLength;
  private long limit = Long.MAX_VALUE;
  private long count;
  private boolean done;
  private byte[] md5Bytes;
  private String lateAlgorithm;
  private Checksums.Running late;
  private java.util.function.Supplier<String> lateValue;

  CheckedBody(InputStream in, long expectedLength) {
    super(in);
    this.expectedLength = expectedLength;
  }

  /**
   * Fails the read with EntityTooLarge once the content passes {@code max} bytes; at once when the
   * declared length already does.
   */
  CheckedBody limit(long max) {
    this.limit = max;
    if (expectedLength > max) {
      throw tooLarge(expectedLength, max);
    }
    return this;
  }

  private static S3Exception tooLarge(long size, long max) {
    return new S3Exception(
        400,
        "EntityTooLarge",
        "Your proposed upload exceeds the maximum allowed size: "
            + size
            + " bytes, at most "
            + max
            + " (--max-body)");
  }

  /** Checks the content's SHA-256 against this lower-case hex value at the end. */
  CheckedBody sha256Hex(String hex) {
    checks.add(new Check("sha256", Checksums.start("sha256"), hex, true));
    return this;
  }

  /** Checks the content's {@code algorithm} checksum against this base64 value at the end. */
  CheckedBody expect(String algorithm, String base64) {
    if (algorithm.equals("md5")) {
      if (md5 == null) {
        md5 = Checksums.start("md5");
      }
      checks.add(new Check("md5", null, base64, false));
    } else {
      checks.add(new Check(algorithm, Checksums.start(algorithm), base64, false));
    }
    return this;
  }

  /** Checks the content against a checksum whose value becomes known only at the end. */
  CheckedBody expectLate(String algorithm, java.util.function.Supplier<String> base64) {
    this.lateAlgorithm = algorithm;
    this.late = Checksums.start(algorithm);
    this.lateValue = base64;
    return this;
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      finish();
      return -1;
    }
    count += n;
    if (md5 != null) {
      md5.update(b, off, n);
    }
    for (Check c : checks) {
      if (c.running != null) {
        c.running.update(b, off, n);
      }
    }
    if (late != null) {
      late.update(b, off, n);
    }
    if (count > limit) {
      throw new BodyRejected(tooLarge(count, limit));
    }
    if (expectedLength >= 0 && count > expectedLength) {
      throw new BodyRejected(
          new S3Exception(
              400,
              "IncompleteBody",
              "the body is longer than the declared " + expectedLength + " bytes"));
    }
    return n;
  }

  private void finish() throws IOException {
    if (done) {
      return;
    }
    done = true;
    if (expectedLength >= 0 && count != expectedLength) {
      throw new BodyRejected(
          new S3Exception(
              400,
              "IncompleteBody",
              "You did not provide the number of bytes specified by the Content-Length HTTP"
                  + " header: got "
                  + count
                  + " of "
                  + expectedLength));
    }
    md5Bytes = md5 == null ? null : md5.finish();
    for (Check c : checks) {
      byte[] got = c.running == null ? md5Bytes : c.running.finish();
      compare(c.algorithm, got, c.expected, c.hex);
    }
    if (late != null) {
      String value = lateValue.get();
      if (value == null) {
        throw new BodyRejected(
            new S3Exception(
                400,
                "MalformedTrailerError",
                "the trailer x-amz-checksum-" + lateAlgorithm + " announced was not sent"));
      }
      compare(lateAlgorithm, late.finish(), value, false);
    }
  }

  private static void compare(String algorithm, byte[] got, String expected, boolean hex)
      throws BodyRejected {
    String actual = hex ? HexFormat.of().formatHex(got) : Base64.getEncoder().encodeToString(got);
    if (actual.equalsIgnoreCase(expected) && (hex || actual.equals(expected))) {
      return;
    }
    if (algorithm.equals("md5")) {
      throw new BodyRejected(
          new S3Exception(
              400,
              "BadDigest",
              "The Content-MD5 you specified did not match what we received: sent "
                  + expected
                  + ", computed "
                  + actual));
    }
    if (hex) {
      throw new BodyRejected(
          new S3Exception(
              400,
              "XAmzContentSHA256Mismatch",
              "The provided 'x-amz-content-sha256' header does not match what was computed: sent "
                  + expected
                  + ", computed "
                  + actual));
    }
    throw new BodyRejected(
        new S3Exception(
            400,
            "BadDigest",
            "The "
                + algorithm.toUpperCase(java.util.Locale.ROOT)
                + " you specified did not match the calculated checksum: sent "
                + expected
                + ", computed "
                + actual));
  }
}
