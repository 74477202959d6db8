package dev.telltale.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Level;
import dev.telltale.event.Mechanism;
import dev.telltale.testkit.HostileExceptions;
import dev.telltale.testkit.TestEvents;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingEventTest {
    @Test
    void sizeEstimateSurvivesEveryHostileException() {
        for (Map.Entry<String, Throwable> e : HostileExceptions.all().entrySet()) {
            PendingEvent p = TestEvents.pending(e.getValue(), Level.ERROR, Mechanism.MANUAL);
            int n = assertDoesNotThrow(p::estimatedBytes, e.getKey());
            assertTrue(n > 0, e.getKey());
        }
    }

    @Test
    void sizeEstimateGrowsWithTheMessageAndTheChain() {
        PendingEvent small = TestEvents.pending(new RuntimeException("x"), Level.ERROR, Mechanism.MANUAL);
        PendingEvent chained = TestEvents.pending(
                new RuntimeException("x", new RuntimeException("y", new RuntimeException())),
                Level.ERROR,
                Mechanism.MANUAL);
        assertTrue(chained.estimatedBytes() > small.estimatedBytes());
    }
}
