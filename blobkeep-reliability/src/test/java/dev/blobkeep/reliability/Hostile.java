package dev.blobkeep.reliability;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generators of hostile text for the fuzz tests: strings mixing the characters that break parsers
 * (quotes, backslashes, slashes, dots, NUL and other controls, line breaks, unpaired surrogates,
 * emoji, SQL and JSON punctuation) with ordinary letters and digits, from empty to very long.
 */
final class Hostile {
  private Hostile() {}

  /** Characters that matter to some parser here, weighted above random Unicode. */
  static final String SPECIAL =
      "\\/.'\"`;:-_%*?=&|$#@!~^()[]{}<>,+ \t\n\r\0\u0001\u001f\u007f\u0085\u2028"
          + "\ud800\udc00\ufffd\ufeff\uffff0123456789abcdefxXgKMGTPEk";

  /** Hostile strings of 0 to {@code maxLength} characters. */
  static Arbitrary<String> strings(int maxLength) {
    Arbitrary<Character> special = Arbitraries.of(chars(SPECIAL));
    Arbitrary<Character> any = Arbitraries.chars().all();
    Arbitrary<Character> emoji = Arbitraries.of('\ud83d', '\ude00');
    Arbitrary<Character> mix =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, special),
            net.jqwik.api.Tuple.of(3, Arbitraries.chars().alpha()),
            net.jqwik.api.Tuple.of(2, any),
            net.jqwik.api.Tuple.of(1, emoji));
    Arbitrary<String> shortOnes = mix.list().ofMaxSize(Math.min(40, maxLength)).map(Hostile::join);
    Arbitrary<String> longOnes = mix.list().ofMaxSize(maxLength).map(Hostile::join);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, shortOnes), net.jqwik.api.Tuple.of(2, longOnes));
  }

  /** Strings built from {@code alphabet} only, 0 to {@code maxLength} characters. */
  static Arbitrary<String> from(String alphabet, int maxLength) {
    return Arbitraries.of(chars(alphabet)).list().ofMaxSize(maxLength).map(Hostile::join);
  }

  private static Character[] chars(String s) {
    Character[] out = new Character[s.length()];
    for (int i = 0; i < s.length(); i++) {
      out[i] = s.charAt(i);
    }
    return out;
  }

  private static String join(java.util.List<Character> chars) {
    StringBuilder b = new StringBuilder(chars.size());
    chars.forEach(b::append);
    return b.toString();
  }

  /** True if the text holds a line break a one-line message must not show raw. */
  static boolean hasLineBreak(String text) {
    return text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0
        || text.indexOf('\u0085') >= 0
        || text.indexOf('\u2028') >= 0
        || text.indexOf('\u2029') >= 0;
  }
}
