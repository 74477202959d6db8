package dev.telltale.bench;

/**
 * A log-linear histogram of nanosecond durations (16 sub-buckets per power of two: about 6 %
 * resolution), fixed size, one per thread; merged after the run. Enough for p50/p99/p99.9 of a
 * capture call without keeping every sample.
 */
final class Latencies {
    private static final int SUB = 16;
    private final long[] counts = new long[64 * SUB];
    private long max;
    private long total;

    void record(long nanos) {
        long v = Math.max(1, nanos);
        int exp = 63 - Long.numberOfLeadingZeros(v);
        int sub = exp < 4 ? (int) v : (int) ((v >>> (exp - 4)) & (SUB - 1));
        counts[exp * SUB + sub]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    void add(Latencies o) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += o.counts[i];
        }
        total += o.total;
        max = Math.max(max, o.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The upper edge of the bucket holding quantile {@code q} (0..1), in nanoseconds. */
    long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                int exp = i / SUB;
                int sub = i % SUB;
                return exp < 4 ? sub : ((long) (SUB + sub + 1) << (exp - 4));
            }
        }
        return max;
    }
}
