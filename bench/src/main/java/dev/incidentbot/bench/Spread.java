package dev.incidentbot.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** One figure over its repetitions: the median, and the min-max beside it, as the README reports them. */
public record Spread(double median, double min, double max, double[] values) {

    public static Spread of(double... values) {
        double[] v = values.clone();
        Arrays.sort(v);
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, v);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Spread(median, v[0], v[v.length - 1], values.clone());
    }

    public static <T> Spread of(List<T> reps, ToDoubleFunction<T> value) {
        return of(reps.stream().mapToDouble(value).toArray());
    }

    /** "3.1 ms (2.8–3.5)". */
    public String ms() {
        return format(" ms");
    }

    public String format(String unit) {
        return number(median) + unit + " (" + number(min) + "–" + number(max) + ")";
    }

    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format("%,.0f", v);
        }
        if (a >= 100) {
            return String.format("%.0f", v);
        }
        if (a >= 10) {
            return String.format("%.1f", v);
        }
        if (a >= 1) {
            return String.format("%.2f", v);
        }
        return String.format("%.3f", v);
    }
}
