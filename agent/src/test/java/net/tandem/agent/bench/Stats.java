package net.tandem.agent.bench;

import java.util.List;
import java.util.OptionalDouble;

/** Order statistics of a sample; empty when there is no sample. */
final class Stats {
    private Stats() {}

    static OptionalDouble median(List<Double> xs) {
        return quantile(xs, 0.5);
    }

    static OptionalDouble max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max();
    }

    /** The nearest-rank quantile: the smallest value at or above a fraction {@code q} of the sample. */
    static OptionalDouble quantile(List<Double> xs, double q) {
        if (xs.isEmpty()) {
            return OptionalDouble.empty();
        }
        double[] sorted = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(q * sorted.length);
        return OptionalDouble.of(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))]);
    }
}
