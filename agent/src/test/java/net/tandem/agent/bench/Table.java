package net.tandem.agent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A scenario's figures, Tandem and keepalived side by side, and their ratio. A figure one
 * implementation has no equivalent for is {@link #tandemOnly}; a figure that could not be measured
 * is empty, and {@code --quick} fails on it.
 */
final class Table {
    record Row(String figure, OptionalDouble tandem, OptionalDouble keepalived, String unit, boolean tandemOnly) {}

    private final List<Row> rows = new ArrayList<>();

    void add(String figure, OptionalDouble tandem, OptionalDouble keepalived, String unit) {
        rows.add(new Row(figure, tandem, keepalived, unit, false));
    }

    void tandemOnly(String figure, OptionalDouble tandem, String unit) {
        rows.add(new Row(figure, tandem, OptionalDouble.empty(), unit, true));
    }

    void addAll(Table other) {
        rows.addAll(other.rows);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Rows missing a figure they should have: the harness did not work for them. */
    List<String> missing(boolean withKeepalived) {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.tandem().isEmpty()) {
                out.add(r.figure() + " (Tandem)");
            }
            if (withKeepalived && !r.tandemOnly() && r.keepalived().isEmpty()) {
                out.add(r.figure() + " (keepalived)");
            }
        }
        return out;
    }

    /** A Markdown table, as docs/benchmarks.md shows it. */
    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| figure | Tandem | keepalived | Tandem / keepalived |\n|---|---:|---:|---:|\n");
        for (Row r : rows) {
            String k = r.tandemOnly() ? "(none)" : format(r.keepalived(), r.unit());
            String ratio = r.tandem().isPresent()
                            && r.keepalived().isPresent()
                            && r.keepalived().getAsDouble() != 0
                    ? String.format(
                            Locale.ROOT,
                            "%.2f",
                            r.tandem().getAsDouble() / r.keepalived().getAsDouble())
                    : "";
            sb.append("| ")
                    .append(r.figure())
                    .append(" | ")
                    .append(format(r.tandem(), r.unit()))
                    .append(" | ")
                    .append(k)
                    .append(" | ")
                    .append(ratio)
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String format(OptionalDouble v, String unit) {
        if (v.isEmpty()) {
            return "n/a";
        }
        double d = v.getAsDouble();
        String n = Math.abs(d) >= 100
                ? String.format(Locale.ROOT, "%.0f", d)
                : Math.abs(d) >= 10 ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%.2f", d);
        return n + " " + unit;
    }
}
