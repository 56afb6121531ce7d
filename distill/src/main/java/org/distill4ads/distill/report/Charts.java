package org.distill4ads.distill.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts for the run report, drawn with XChart and written atomically. */
public final class Charts {
    /** Colour-blind-safe palette (Okabe-Ito), so series stay distinguishable for everyone. */
    private static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66)
    };

    private Charts() {}

    /** One named series of (x, y) points. */
    public record Series(String name, List<Double> x, List<Double> y) {
        public Series {
            if (x.size() != y.size()) {
                throw new IllegalArgumentException("series '" + name + "' has " + x.size() + " x values but " + y.size() + " y values");
            }
        }
    }

    /**
     * Draws the series as lines (with markers when {@code markers}) and writes a PNG of
     * {@code width x height} pixels to {@code file}.
     */
    public static void line(Path file, String title, String xTitle, String yTitle, List<Series> series,
                            boolean markers, boolean logX, int width, int height) throws IOException {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler st = chart.getStyler();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setSeriesColors(PALETTE);
        st.setAntiAlias(true);
        for (Series s : series) {
            if (s.x().isEmpty()) {
                continue;
            }
            XYSeries xy = chart.addSeries(s.name(), s.x(), s.y());
            xy.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            xy.setLineStyle(new BasicStroke(2f));
        }
        write(chart, file);
    }

    /** Simple moving average over a window, for noisy per-step losses. */
    public static List<Double> smooth(List<Double> values, int window) {
        if (window <= 1 || values.isEmpty()) {
            return values;
        }
        double[] out = new double[values.size()];
        double sum = 0;
        for (int i = 0; i < values.size(); i++) {
            sum += values.get(i);
            if (i >= window) {
                sum -= values.get(i - window);
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return java.util.Arrays.stream(out).boxed().toList();
    }

    /** Series from a map of name to points, keeping the map's order. */
    public static List<Series> fromMap(Map<String, double[][]> points) {
        return points.entrySet().stream().map(e -> new Series(e.getKey(),
                java.util.Arrays.stream(e.getValue()[0]).boxed().toList(),
                java.util.Arrays.stream(e.getValue()[1]).boxed().toList())).toList();
    }

    private static void write(XYChart chart, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".chart-", ".png");
        try {
            // BitmapEncoder appends ".png" when the name lacks it; the temp name already ends in .png.
            BitmapEncoder.saveBitmapWithDPI(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG, 144);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
