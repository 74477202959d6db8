package dev.telltale.processing;

import java.util.concurrent.ThreadLocalRandom;

/** Keeps a {@code sample-rate} fraction of events. Fatal events are always kept. */
public final class Sampler {
    private final double rate;

    public Sampler(double rate) {
        this.rate = rate;
    }

    public boolean keep() {
        return rate >= 1.0 || (rate > 0.0 && ThreadLocalRandom.current().nextDouble() < rate);
    }
}
