package dev.blobkeep.mariadb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parameters of a Connector/J URL's query string as the driver reads them: split on {@code &},
 * each named by the text before its first {@code =}, names compared without regard to case.
 */
final class UrlQuery {
  private UrlQuery() {}

  /** Whether {@code url} has a parameter called {@code name}, in any case. */
  static boolean has(String url, String name) {
    for (String p : parameters(url)) {
      if (named(p, name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code url} with every {@code name} parameter (in any case) replaced by one at the end whose
   * value is theirs, in order and joined by {@code ,}, then {@code value}.
   */
  static String mergeList(String url, String name, String value) {
    List<String> kept = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String p : parameters(url)) {
      if (named(p, name)) {
        int eq = p.indexOf('=');
        String v = eq < 0 ? "" : p.substring(eq + 1); // a bare name has no value
        if (!v.isEmpty()) {
          values.add(v);
        }
      } else {
        kept.add(p);
      }
    }
    values.add(value);
    kept.add(name + "=" + String.join(",", values));
    return base(url) + "?" + String.join("&", kept);
  }

  /** {@code url} with {@code name=value} added at the end. */
  static String add(String url, String name, String value) {
    List<String> all = new ArrayList<>(parameters(url));
    all.add(name + "=" + value);
    return base(url) + "?" + String.join("&", all);
  }

  private static String base(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  private static List<String> parameters(String url) {
    int q = url.indexOf('?');
    List<String> out = new ArrayList<>();
    if (q < 0) {
      return out;
    }
    for (String p : url.substring(q + 1).split("&")) {
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  private static boolean named(String parameter, String name) {
    int eq = parameter.indexOf('=');
    String key = eq < 0 ? parameter : parameter.substring(0, eq);
    return key.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
  }
}
