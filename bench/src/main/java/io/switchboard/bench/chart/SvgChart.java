package io.switchboard.bench.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG chart writer for the bench's pictures: line charts (optionally with a logarithmic y axis) and bar
 * charts (grouped or stacked), each with axes, ticks, axis labels, a title and a legend. The output is one
 * self-contained SVG file with a white background, readable in a browser and on GitHub. A chart without data
 * says so in words instead of drawing empty axes.
 */
public final class SvgChart {
    public static final int WIDTH = 980;
    public static final int HEIGHT = 460;
    static final double LEFT = 80;
    static final double TOP = 56;
    static final double RIGHT = WIDTH - 250;
    static final double BOTTOM = HEIGHT - 66;
    /** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
    static final String[] COLOURS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
            "#F0E442"};
    private static final String[] DASHES = {"", "6 3", "2 3", "8 3 2 3"};

    /** One named line: points as {x, y}; a NaN y breaks the line (a gap in the data). */
    public record Series(String name, List<double[]> points) {
    }

    private SvgChart() {
    }

    /**
     * A line chart. Points with a non-positive y are left out of a logarithmic chart (and counted in a note).
     *
     * @param logY a base-10 y axis, for figures that span decades (a p99 from 5 ms to 9 s)
     */
    public static String line(String title, String subtitle, String xLabel, String yLabel, List<Series> series,
                              boolean logY) {
        List<Series> usable = new ArrayList<>();
        int dropped = 0;
        double xlo = Double.POSITIVE_INFINITY, xhi = Double.NEGATIVE_INFINITY;
        double ylo = Double.POSITIVE_INFINITY, yhi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            List<double[]> keep = new ArrayList<>();
            for (double[] p : s.points()) {
                boolean gap = Double.isNaN(p[1]);
                if (!gap && (!Double.isFinite(p[0]) || !Double.isFinite(p[1]) || (logY && p[1] <= 0))) {
                    dropped++;
                    continue;
                }
                keep.add(p);
                if (!gap) {
                    xlo = Math.min(xlo, p[0]);
                    xhi = Math.max(xhi, p[0]);
                    ylo = Math.min(ylo, p[1]);
                    yhi = Math.max(yhi, p[1]);
                }
            }
            if (keep.stream().anyMatch(p -> !Double.isNaN(p[1]))) {
                usable.add(new Series(s.name(), keep));
            }
        }
        StringBuilder svg = open(title, subtitle, HEIGHT);
        if (usable.isEmpty()) {
            return empty(svg, series.isEmpty() ? "no series were given" : "no series has a point to draw");
        }
        Axis x = Axis.linear(xlo, xhi, false, LEFT, RIGHT);
        Axis y = logY ? Axis.logarithmic(ylo, yhi, BOTTOM, TOP) : Axis.linear(ylo, yhi, true, BOTTOM, TOP);
        axes(svg, x, y, xLabel, yLabel);
        svg.append("<g class=\"series\" clip-path=\"url(#plot)\">\n");
        for (int i = 0; i < usable.size(); i++) {
            Series s = usable.get(i);
            String colour = COLOURS[i % COLOURS.length];
            String dash = DASHES[(i / COLOURS.length) % DASHES.length];
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (double[] p : s.points()) {
                if (Double.isNaN(p[1])) {
                    pen = false;
                    continue;
                }
                d.append(pen ? " L" : (d.length() == 0 ? "M" : " M")).append(num(x.toPixel(p[0]))).append(' ')
                        .append(num(y.toPixel(p[1])));
                pen = true;
            }
            svg.append("<path class=\"line\" data-series=\"").append(esc(s.name())).append("\" d=\"").append(d)
                    .append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.8\"");
            if (!dash.isEmpty()) {
                svg.append(" stroke-dasharray=\"").append(dash).append('"');
            }
            svg.append("/>\n");
            long drawn = s.points().stream().filter(p -> !Double.isNaN(p[1])).count();
            if (drawn <= 120) {
                for (double[] p : s.points()) {
                    if (!Double.isNaN(p[1])) {
                        svg.append("<circle class=\"point\" data-series=\"").append(esc(s.name())).append("\" cx=\"")
                                .append(num(x.toPixel(p[0]))).append("\" cy=\"").append(num(y.toPixel(p[1])))
                                .append("\" r=\"2.6\" fill=\"").append(colour).append("\"><title>")
                                .append(esc(s.name() + ": " + Axis.label(round(p[0])) + ", " + Axis.label(round(p[1]))))
                                .append("</title></circle>\n");
                    }
                }
            }
        }
        svg.append("</g>\n");
        List<String> names = usable.stream().map(Series::name).toList();
        legend(svg, names, true);
        if (dropped > 0) {
            note(svg, dropped + " point(s) without a positive value are not drawn");
        }
        return close(svg);
    }

    /**
     * A bar chart: one group of bars per category, one bar per series ({@code values[series][category]}, NaN for
     * "no value"). Stacked bars put a category's series on top of one another (parts of one total).
     */
    public static String bars(String title, String subtitle, String yLabel, List<String> categories,
                              List<String> seriesNames, double[][] values, boolean stacked) {
        int longest = categories.stream().mapToInt(String::length).max().orElse(0);
        boolean rotate = longest * 6.5 > (RIGHT - LEFT) / Math.max(1, categories.size());
        // rotated labels hang below the axis: the picture grows downwards instead of squeezing the plot
        int height = rotate ? (int) Math.ceil(BOTTOM + longest * 6.2 * Math.sin(Math.toRadians(40)) + 24) : HEIGHT;
        StringBuilder svg = open(title, subtitle, height);
        double hi = 0;
        boolean any = false;
        for (int c = 0; c < categories.size(); c++) {
            double sum = 0;
            for (int s = 0; s < seriesNames.size(); s++) {
                double v = values[s][c];
                if (Double.isFinite(v)) {
                    any = true;
                    sum += Math.max(0, v);
                    hi = Math.max(hi, v);
                }
            }
            if (stacked) {
                hi = Math.max(hi, sum);
            }
        }
        if (!any) {
            return empty(svg, categories.isEmpty() ? "no categories were given" : "no bar has a value");
        }
        double bottom = BOTTOM;
        Axis y = Axis.linear(0, hi, true, bottom, TOP);
        // categories are spread evenly: the x axis is an index axis with no numeric ticks
        gridAndYTicks(svg, y, bottom);
        double band = (RIGHT - LEFT) / categories.size();
        double groupWidth = band * 0.7;
        int perGroup = stacked ? 1 : seriesNames.size();
        double barWidth = groupWidth / perGroup;
        svg.append("<g class=\"bars\">\n");
        for (int c = 0; c < categories.size(); c++) {
            double x0 = LEFT + c * band + (band - groupWidth) / 2;
            double base = 0;
            for (int s = 0; s < seriesNames.size(); s++) {
                double v = values[s][c];
                if (!Double.isFinite(v)) {
                    continue;
                }
                double lo = stacked ? base : 0;
                double top = lo + Math.max(0, v);
                double bx = stacked ? x0 : x0 + s * barWidth;
                double py = y.toPixel(top);
                double ph = y.toPixel(lo) - py;
                svg.append("<rect class=\"bar\" data-category=\"").append(esc(categories.get(c)))
                        .append("\" data-series=\"").append(esc(seriesNames.get(s))).append("\" x=\"").append(num(bx))
                        .append("\" y=\"").append(num(py)).append("\" width=\"").append(num(barWidth * 0.92))
                        .append("\" height=\"").append(num(ph)).append("\" fill=\"")
                        .append(COLOURS[s % COLOURS.length]).append("\"><title>")
                        .append(esc(categories.get(c) + ", " + seriesNames.get(s) + ": " + Axis.label(round(v))))
                        .append("</title></rect>\n");
                if (!stacked && perGroup <= 3 && categories.size() <= 12) {
                    svg.append("<text class=\"value\" x=\"").append(num(bx + barWidth * 0.46)).append("\" y=\"")
                            .append(num(py - 4)).append("\" text-anchor=\"middle\" font-size=\"10\">")
                            .append(esc(Axis.label(round(v)))).append("</text>\n");
                }
                base = top;
            }
            double cx = LEFT + c * band + band / 2;
            if (rotate) {
                svg.append("<text class=\"category\" x=\"").append(num(cx)).append("\" y=\"").append(num(bottom + 12))
                        .append("\" text-anchor=\"end\" font-size=\"10\" transform=\"rotate(-40 ").append(num(cx))
                        .append(' ').append(num(bottom + 12)).append(")\">").append(esc(categories.get(c)))
                        .append("</text>\n");
            } else {
                svg.append("<text class=\"category\" x=\"").append(num(cx)).append("\" y=\"").append(num(bottom + 18))
                        .append("\" text-anchor=\"middle\">").append(esc(categories.get(c))).append("</text>\n");
            }
        }
        svg.append("</g>\n");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(num(bottom)).append("\" x2=\"").append(RIGHT)
                .append("\" y2=\"").append(num(bottom)).append("\" stroke=\"#333\"/>\n");
        yLabel(svg, yLabel, (TOP + bottom) / 2);
        if (seriesNames.size() > 1 || stacked) {
            legend(svg, seriesNames, false);
        }
        return close(svg);
    }

    /** Writes {@code svg} to {@code file}, creating its folder. */
    public static Path write(Path file, String svg) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, svg, StandardCharsets.UTF_8);
        return file;
    }

    private static StringBuilder open(String title, String subtitle, int height) {
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\">\n")
                .append("<title>").append(esc(title)).append("</title>\n")
                .append("<defs><clipPath id=\"plot\"><rect x=\"").append(LEFT - 4).append("\" y=\"").append(TOP - 4)
                .append("\" width=\"").append(RIGHT - LEFT + 8).append("\" height=\"").append(BOTTOM - TOP + 8)
                .append("\"/></clipPath></defs>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
                .append("<text class=\"title\" x=\"").append(WIDTH / 2).append("\" y=\"22\" text-anchor=\"middle\" ")
                .append("font-size=\"16\" font-weight=\"bold\">").append(esc(title)).append("</text>\n");
        if (subtitle != null && !subtitle.isBlank()) {
            svg.append("<text class=\"subtitle\" x=\"").append(WIDTH / 2).append("\" y=\"40\" text-anchor=\"middle\" ")
                    .append("fill=\"#555\">").append(esc(subtitle)).append("</text>\n");
        }
        return svg;
    }

    private static String empty(StringBuilder svg, String why) {
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(RIGHT - LEFT)
                .append("\" height=\"").append(BOTTOM - TOP).append("\" fill=\"#f6f6f6\" stroke=\"#ccc\"/>\n")
                .append("<text class=\"empty\" x=\"").append(num((LEFT + RIGHT) / 2)).append("\" y=\"")
                .append(num((TOP + BOTTOM) / 2)).append("\" text-anchor=\"middle\" font-size=\"15\">No data to draw: ")
                .append(esc(why)).append(".</text>\n");
        return close(svg);
    }

    private static String close(StringBuilder svg) {
        return svg.append("</svg>\n").toString();
    }

    private static void axes(StringBuilder svg, Axis x, Axis y, String xLabel, String yLabel) {
        gridAndYTicks(svg, y, BOTTOM);
        svg.append("<g class=\"x-ticks\">\n");
        for (double t : x.ticks()) {
            double px = x.toPixel(t);
            svg.append("<line x1=\"").append(num(px)).append("\" y1=\"").append(BOTTOM).append("\" x2=\"").append(num(px))
                    .append("\" y2=\"").append(BOTTOM + 5).append("\" stroke=\"#333\"/>")
                    .append("<text class=\"tick\" x=\"").append(num(px)).append("\" y=\"").append(BOTTOM + 18)
                    .append("\" text-anchor=\"middle\">").append(esc(Axis.label(t))).append("</text>\n");
        }
        svg.append("</g>\n");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(BOTTOM).append("\" x2=\"").append(RIGHT)
                .append("\" y2=\"").append(BOTTOM).append("\" stroke=\"#333\"/>\n");
        svg.append("<text class=\"axis-label\" x=\"").append(num((LEFT + RIGHT) / 2)).append("\" y=\"")
                .append(BOTTOM + 40).append("\" text-anchor=\"middle\">").append(esc(xLabel)).append("</text>\n");
        yLabel(svg, yLabel, (TOP + BOTTOM) / 2);
    }

    private static void gridAndYTicks(StringBuilder svg, Axis y, double bottom) {
        svg.append("<g class=\"y-ticks\">\n");
        for (double t : y.ticks()) {
            double py = y.toPixel(t);
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(num(py)).append("\" x2=\"").append(RIGHT)
                    .append("\" y2=\"").append(num(py)).append("\" stroke=\"#e3e3e3\"/>")
                    .append("<text class=\"tick\" x=\"").append(LEFT - 8).append("\" y=\"").append(num(py + 4))
                    .append("\" text-anchor=\"end\" data-y=\"").append(num(py)).append("\">").append(esc(Axis.label(t)))
                    .append("</text>\n");
        }
        svg.append("</g>\n");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(num(bottom)).append("\" stroke=\"#333\"/>\n");
    }

    private static void yLabel(StringBuilder svg, String label, double middle) {
        svg.append("<text class=\"axis-label\" x=\"22\" y=\"").append(num(middle))
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 22 ").append(num(middle)).append(")\">")
                .append(esc(label)).append("</text>\n");
    }

    private static void legend(StringBuilder svg, List<String> names, boolean lines) {
        svg.append("<g class=\"legend\">\n");
        double lx = RIGHT + 16;
        for (int i = 0; i < names.size(); i++) {
            double ly = TOP + 8 + i * 20;
            String colour = COLOURS[i % COLOURS.length];
            if (lines) {
                String dash = DASHES[(i / COLOURS.length) % DASHES.length];
                svg.append("<line x1=\"").append(num(lx)).append("\" y1=\"").append(num(ly)).append("\" x2=\"")
                        .append(num(lx + 22)).append("\" y2=\"").append(num(ly)).append("\" stroke=\"").append(colour)
                        .append("\" stroke-width=\"2.5\"").append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"")
                        .append("/>");
            } else {
                svg.append("<rect x=\"").append(num(lx)).append("\" y=\"").append(num(ly - 6)).append("\" width=\"22\" ")
                        .append("height=\"12\" fill=\"").append(colour).append("\"/>");
            }
            String name = names.get(i);
            svg.append("<text class=\"legend-entry\" x=\"").append(num(lx + 28)).append("\" y=\"").append(num(ly + 4))
                    .append("\">").append(esc(name.length() > 32 ? name.substring(0, 31) + "…" : name))
                    .append("<title>").append(esc(name)).append("</title></text>\n");
        }
        svg.append("</g>\n");
    }

    private static void note(StringBuilder svg, String text) {
        svg.append("<text class=\"note\" x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 6)
                .append("\" fill=\"#555\" font-size=\"11\">").append(esc(text)).append("</text>\n");
    }

    private static double round(double v) {
        return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000.0;
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** XML-escapes text and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(ch < 0x20 && ch != '\n' && ch != '\t' ? ' ' : ch);
            }
        }
        return b.toString();
    }
}
