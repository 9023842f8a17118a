package dev.blobkeep.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ContentSnifferTest {

  private static String sniff(byte[] head) {
    return ContentSniffer.sniff(head, head.length);
  }

  private static String sniff(String text) {
    return sniff(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void recognisesSignatures() {
    assertThat(sniff(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0)))
        .isEqualTo("image/png");
    assertThat(sniff(bytes(0xff, 0xd8, 0xff, 0xe0))).isEqualTo("image/jpeg");
    assertThat(sniff("GIF89a....")).isEqualTo("image/gif");
    assertThat(sniff("GIF87a")).isEqualTo("image/gif");
    assertThat(sniff("RIFF\u0001\u0002\u0003\u0004WEBPVP8 ")).isEqualTo("image/webp");
    assertThat(sniff("RIFF\u0001\u0002\u0003\u0004WAVEfmt ")).isEqualTo("application/octet-stream");
    assertThat(sniff("%PDF-1.7\n")).isEqualTo("application/pdf");
    assertThat(sniff(bytes('P', 'K', 3, 4, 20, 0))).isEqualTo("application/zip");
    assertThat(sniff(bytes('P', 'K', 5, 6))).isEqualTo("application/zip");
    assertThat(sniff(bytes(0x1f, 0x8b, 8, 0))).isEqualTo("application/gzip");
  }

  @Test
  void textAndJsonByContent() {
    assertThat(sniff("  {\"a\": 1}")).isEqualTo("application/json");
    assertThat(sniff("\ufeff[1, 2]")).isEqualTo("application/json");
    assertThat(sniff("hello, wörld\r\n\ttabs")).isEqualTo("text/plain; charset=utf-8");
    assertThat(sniff("")).isEqualTo("application/octet-stream");
    assertThat(sniff(bytes('a', 'b', 0))).isEqualTo("application/octet-stream");
    assertThat(sniff(bytes('a', 0xc3, 'b'))).isEqualTo("application/octet-stream");
    assertThat(sniff(bytes('a', 0x1b))).isEqualTo("application/octet-stream");
  }

  @Test
  void aFullHeadMayEndInsideAUtf8Character() {
    byte[] head = new byte[ContentSniffer.HEAD_SIZE];
    Arrays.fill(head, (byte) 'a');
    head[head.length - 2] = (byte) 0xe2; // first two bytes of "€"
    head[head.length - 1] = (byte) 0x82;
    assertThat(sniff(head)).isEqualTo("text/plain; charset=utf-8");
    // The same bytes as a whole (short) body are malformed.
    assertThat(ContentSniffer.sniff(Arrays.copyOf(head, 511), 511))
        .isEqualTo("application/octet-stream");
  }
}
