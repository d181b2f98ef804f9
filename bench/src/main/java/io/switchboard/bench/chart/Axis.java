package io.switchboard.bench.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One axis of a chart: the data range rounded out to "nice" ticks (1, 2 or 5 × 10ⁿ), linear or logarithmic,
 * and the mapping from a value to a pixel between {@code from} and {@code to} (either order, so the y axis can
 * grow upwards).
 */
public record Axis(double min, double max, boolean log, double from, double to, List<Double> ticks) {
    /**
     * A linear axis over {@code [lo, hi]}, widened to whole ticks; {@code fromZero} starts it at 0 when the
     * data are all positive (bars and latencies read wrongly from a cut-off axis).
     */
    public static Axis linear(double lo, double hi, boolean fromZero, double from, double to) {
        if (fromZero) {
            lo = Math.min(0, lo);
            hi = Math.max(0, hi);
        }
        if (hi <= lo) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= fromZero && lo == 0 ? 0 : pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / 5);
        double start = Math.floor(lo / step + 1e-9) * step;
        double end = Math.ceil(hi / step - 1e-9) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; start + i * step <= end + step * 1e-6; i++) {
            ticks.add(clean(start + i * step));
        }
        return new Axis(start, end, false, from, to, ticks);
    }

    /** A base-10 logarithmic axis over whole decades around {@code [lo, hi]}; values must be positive. */
    public static Axis logarithmic(double lo, double hi, double from, double to) {
        double a = Math.floor(Math.log10(lo));
        double b = Math.ceil(Math.log10(hi));
        if (b <= a) {
            b = a + 1;
        }
        List<Double> ticks = new ArrayList<>();
        boolean fine = b - a <= 3;
        for (double d = a; d <= b; d++) {
            double p = Math.pow(10, d);
            ticks.add(clean(p));
            if (fine && d < b) {
                ticks.add(clean(2 * p));
                ticks.add(clean(5 * p));
            }
        }
        return new Axis(Math.pow(10, a), Math.pow(10, b), true, from, to, ticks);
    }

    static double niceStep(double rough) {
        if (rough <= 0 || Double.isNaN(rough) || Double.isInfinite(rough)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / p;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * p;
    }

    private static double clean(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.10g", v));
    }

    /** The pixel of {@code value}; values outside the range land outside the span. */
    public double toPixel(double value) {
        double f;
        if (log) {
            f = (Math.log10(Math.max(value, min / 10)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        } else {
            f = (value - min) / (max - min);
        }
        return from + f * (to - from);
    }

    /** A tick label: no trailing zeros, thousands as "k" from 10 000 up. */
    public static String label(double v) {
        if (Math.abs(v) >= 10_000 && Math.abs(v) < 1e9 && v % 1000 == 0) {
            return label(v / 1000) + "k";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
