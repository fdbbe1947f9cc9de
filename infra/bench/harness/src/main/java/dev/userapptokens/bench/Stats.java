package dev.userapptokens.bench;

import java.util.Arrays;

/** Percentiles of a sample (nearest rank). */
final class Stats {

    private Stats() {
    }

    static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double median(long[] values) {
        return median(Arrays.stream(values).asDoubleStream().toArray());
    }

    /**
     * The median of {@code a[i] / b[i]}: start i of each is adjacent in time, so the median of their
     * ratios is what load drift on a shared machine disturbs least.
     */
    static double medianOfPairRatios(long[] a, long[] b) {
        double[] ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ratios[i] = a[i] / (double) b[i];
        }
        return median(ratios);
    }

    static String ms(double nanos) {
        return String.format("%.3f", nanos / 1e6);
    }
}
