package dev.blobkeep.bench;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * {@code chart.png}: each workload's throughput, blobkeep's bar beside the alternative's, one pair
 * per workload and alternative, on a logarithmic axis (units differ between workloads and are in
 * the labels). The {@code memory} rows are not throughput and are left out.
 */
final class Chart {
  private Chart() {}

  static byte[] png(List<Result> results) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<String> labels = new ArrayList<>();
    List<Number> ours = new ArrayList<>();
    List<Number> theirs = new ArrayList<>();
    for (Result r : results) {
      if (!"memory".equals(r.workload())) {
        labels.add(r.workload() + " vs " + r.alternative() + " (" + r.unit() + ")");
        ours.add(positive(r.ours()));
        theirs.add(positive(r.theirs()));
      }
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Math.max(900, 90 * labels.size() + 200))
            .height(720)
            .title("blobkeep beside each alternative: median throughput, higher is better")
            .yAxisTitle("ops/s or MB/s (log scale)")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    // XChart starts bar axes at zero unless told otherwise, which a log axis cannot show.
    chart.getStyler().setYAxisMin(decadeBelow(ours, theirs));
    chart.getStyler().setXAxisLabelRotation(60);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setSeriesColors(new Color[] {new Color(0x1f77b4), new Color(0xbbbbbb)});
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    if (labels.isEmpty()) {
      labels.add("no results");
      ours.add(1);
      theirs.add(1);
    }
    chart.addSeries("blobkeep", labels, ours);
    chart.addSeries("alternative", labels, theirs);
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }

  private static double decadeBelow(List<Number> a, List<Number> b) {
    double min = Double.MAX_VALUE;
    for (List<Number> list : List.of(a, b)) {
      for (Number n : list) {
        min = Math.min(min, n.doubleValue());
      }
    }
    return min == Double.MAX_VALUE ? 1 : Math.pow(10, Math.floor(Math.log10(min)));
  }

  /** Log axes cannot show zero or less: such a bar is drawn at the axis's floor. */
  private static double positive(double v) {
    return v > 0 && !Double.isInfinite(v) ? v : 1e-3;
  }
}
