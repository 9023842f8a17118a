package dev.blobkeep.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs workloads in interleaved rounds: every contender once per round, the order reversed every
 * other round (A B C, C B A, ...), so that a machine whose speed drifts during the run favours
 * nobody. Ratios are paired: each round's blobkeep figure is divided by the same round's
 * alternative figure, and the median of those is reported. Before each contender runs, the system's
 * dirty pages are written out ({@link Settle}).
 */
final class Runner {
  private final PrintStream log;

  Runner(PrintStream log) {
    this.log = log;
  }

  Measured run(Workload w, int rounds) throws Exception {
    long t0 = System.nanoTime();
    log.printf(Locale.ROOT, "%s: setting up%n", w.name());
    w.setUp();
    List<Contender> contenders = w.contenders();
    if (w.warmUp()) {
      for (Contender c : contenders) {
        c.trial().run(-1);
      }
    }
    Map<String, List<Double>> figures = new LinkedHashMap<>();
    contenders.forEach(c -> figures.put(c.name(), new ArrayList<>()));
    List<List<String>> orders = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      List<Contender> order = new ArrayList<>(contenders);
      if (r % 2 == 1) {
        Collections.reverse(order);
      }
      StringBuilder line = new StringBuilder();
      List<String> names = new ArrayList<>();
      for (Contender c : order) {
        Settle.now();
        double v = c.trial().run(r);
        figures.get(c.name()).add(v);
        names.add(c.name());
        line.append(String.format(Locale.ROOT, "  %s %s", c.name(), Table.number(v)));
      }
      orders.add(names);
      log.printf(Locale.ROOT, "%s round %d/%d (%s):%s%n", w.name(), r + 1, rounds, w.unit(), line);
    }
    List<Result> results = new ArrayList<>();
    List<Double> ours = figures.get(Contender.OURS);
    for (Contender c : contenders.subList(1, contenders.size())) {
      List<Double> theirs = figures.get(c.name());
      List<Double> ratios = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        ratios.add(ours.get(r) / theirs.get(r));
      }
      results.add(
          new Result(
              w.name(),
              c.name(),
              Stats.median(ours),
              Stats.median(theirs),
              w.unit(),
              Stats.median(ratios)));
    }
    return new Measured(
        w.name(), w.unit(), w.settings(), figures, orders, results, (System.nanoTime() - t0) / 1e9);
  }
}
