package dev.blobkeep.server;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * HTTP-date (RFC 9110 section 5.6.7): written as IMF-fixdate, read in all three forms a recipient
 * must accept (IMF-fixdate, obsolete RFC 850 and asctime).
 */
final class HttpDates {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC_850 =
      new DateTimeFormatterBuilder()
          .appendPattern("EEEE, dd-MMM-")
          .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
          .appendPattern(" HH:mm:ss 'GMT'")
          .toFormatter(Locale.ENGLISH);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);

  private HttpDates() {}

  /** {@code instant} as IMF-fixdate, to the second. */
  static String format(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /** The instant of an HTTP-date, or null if {@code text} is not one. */
  static Instant parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    try {
      return ZonedDateTime.parse(t, IMF_FIXDATE).toInstant();
    } catch (DateTimeParseException e) {
      // try the obsolete forms
    }
    for (DateTimeFormatter f : new DateTimeFormatter[] {RFC_850, ASCTIME}) {
      try {
        return LocalDateTime.parse(t, f).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // next form
      }
    }
    return null;
  }
}
