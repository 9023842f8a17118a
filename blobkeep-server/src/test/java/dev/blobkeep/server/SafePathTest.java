package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SafePathTest {

  @Test
  void decodesSegmentsAsUtf8() {
    assertThat(SafePath.segments("/")).isEmpty();
    assertThat(SafePath.segments("/b/photos/2024/cat.png"))
        .containsExactly("b", "photos", "2024", "cat.png");
    assertThat(SafePath.segments("/b/x/%C3%BC%20a/")).containsExactly("b", "x", "ü a");
    assertThat(SafePath.segments("/b/x/a..b/.c")).containsExactly("b", "x", "a..b", ".c");
  }

  @Test
  void refusesEverythingThatCouldBeReadAsAnotherPath() {
    String[][] cases = {
      {"/b/../x", "'..' segment"},
      {"/b/%2E%2e/x", "'..' segment"},
      {"/b/./x", "'.' segment"},
      {"/b/a%2Fb", "encoded slash"},
      {"/b/a\\b", "backslash"},
      {"/b/a%5cb", "backslash"},
      {"/b/a%00b", "control character U+0000"},
      {"/b/a%0Ab", "control character U+000A"},
      {"/b//a", "empty segment"},
      {"/b/%zz", "malformed percent-escape"},
      {"/b/%C0%AE", "not UTF-8"},
      {"/b/%", "malformed percent-escape"},
      {"b", "does not start with '/'"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> SafePath.segments(c[0]))
          .as(c[0])
          .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessageContaining(c[1]);
    }
  }
}
