package dev.incidentbot.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the results table. The text columns are what the README shows; {@code numbers} carries the raw values
 * (milliseconds, counts, per-repetition lists) for the JSON report.
 */
public record Row(String figure, String target, String measured, String limit, String ratio, Verdict verdict,
                  Map<String, Object> numbers) {

    public Row {
        numbers = new LinkedHashMap<>(numbers);
    }

    public static Row notMeasured(String figure, String target, String why) {
        return new Row(figure, target, "not measured: " + why, "", "", Verdict.NOT_MEASURED, Map.of());
    }

    /** "1.6x", or empty when there is nothing to divide by. */
    public static String ratio(double measured, double limit) {
        if (!(limit > 0) || Double.isNaN(measured)) {
            return "";
        }
        double r = measured / limit;
        if (r < 0.01) {
            // Two significant digits, so a declare against thousands of bare commits does not read 0.000x.
            return new java.math.BigDecimal(r).round(new java.math.MathContext(2)).toPlainString() + "x";
        }
        return (r >= 10 ? String.format("%.0fx", r) : r >= 0.1 ? String.format("%.2fx", r) : String.format("%.3fx", r));
    }
}
