package dev.blobkeep.server;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters, rendered in the Prometheus text exposition format (version 0.0.4).
 * Thread-safe. Methods outside a fixed set are counted as {@code OTHER} so a client cannot grow the
 * number of series.
 */
final class Metrics {
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "PUT", "POST", "PATCH", "DELETE", "OPTIONS");

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final String prefix;
  private final Metrics then;

  /**
   * Counters whose series are named {@code prefix_*} (the API's {@code blobkeep_http}, the S3
   * port's {@code blobkeep_s3}), rendered before those of {@code then} (or alone if null): the
   * API's {@code /metrics} shows both.
   */
  Metrics(String prefix, Metrics then) {
    this.prefix = prefix;
    this.then = then;
  }

  void started() {
    inFlight.incrementAndGet();
  }

  void finished(String method, int status) {
    inFlight.decrementAndGet();
    String m = METHODS.contains(method) ? method : "OTHER";
    requests.computeIfAbsent(m + " " + status, k -> new LongAdder()).increment();
  }

  void bytesIn(long n) {
    bytesIn.add(n);
  }

  void bytesOut(long n) {
    bytesOut.add(n);
  }

  void timedOut() {
    timeouts.increment();
  }

  long inFlight() {
    return inFlight.get();
  }

  /** Total of requests finished with {@code method} and {@code status} so far. */
  long requests(String method, int status) {
    LongAdder a = requests.get(method + " " + status);
    return a == null ? 0 : a.sum();
  }

  /** The exposition text. */
  String render() {
    StringBuilder out = new StringBuilder(1024);
    out.append("# HELP " + prefix + "_requests_total Requests finished, by method and status.\n")
        .append("# TYPE " + prefix + "_requests_total counter\n");
    Map<String, Long> sorted = new TreeMap<>();
    requests.forEach((k, v) -> sorted.put(k, v.sum()));
    sorted.forEach(
        (k, v) -> {
          int space = k.indexOf(' ');
          out.append(prefix + "_requests_total{method=\"")
              .append(k, 0, space)
              .append("\",status=\"")
              .append(k, space + 1, k.length())
              .append("\"} ")
              .append(v)
              .append('\n');
        });
    counter(out, prefix + "_received_bytes_total", "Request body bytes read.", bytesIn.sum());
    counter(out, prefix + "_sent_bytes_total", "Response body bytes written.", bytesOut.sum());
    counter(
        out,
        prefix + "_request_timeouts_total",
        "Requests cut off by the request time limit.",
        timeouts.sum());
    out.append("# HELP " + prefix + "_requests_in_flight Requests being handled now.\n")
        .append("# TYPE " + prefix + "_requests_in_flight gauge\n")
        .append(prefix + "_requests_in_flight ")
        .append(inFlight.get())
        .append('\n');
    return then == null ? out.toString() : out + then.render();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ")
        .append(name)
        .append(' ')
        .append(help)
        .append('\n')
        .append("# TYPE ")
        .append(name)
        .append(" counter\n")
        .append(name)
        .append(' ')
        .append(value)
        .append('\n');
  }
}
