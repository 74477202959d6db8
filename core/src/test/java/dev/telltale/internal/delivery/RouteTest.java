package dev.telltale.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RouteTest {
    private static final long MS = 1_000_000L;

    @Test
    void keepsConnectionsAliveWhileTheBodyComesWithTheHead() {
        Route r = new Route(false, "h", 80, null);
        r.setUp(MS);
        for (int i = 0; i < 100; i++) {
            r.bodyWait(20_000);
            assertFalse(r.preferClose());
        }
    }

    @Test
    void closesWhenWaitingForTheBodyCostsMoreThanConnectingThenProbesAgain() {
        Route r = new Route(false, "h", 80, null);
        r.setUp(MS);
        r.bodyWait(40 * MS);
        for (int i = 0; i < Route.PROBE_EVERY; i++) {
            assertTrue(r.preferClose(), "request " + i);
        }
        assertFalse(r.preferClose(), "keep-alive tried again");
    }

    @Test
    void keepsAliveWhenConnectingCostsMoreThanTheStall() {
        Route r = new Route(true, "h", 443, null);
        r.setUp(120 * MS); // a TLS handshake far away
        for (int i = 0; i < 10; i++) {
            r.bodyWait(40 * MS);
        }
        assertTrue(r.preferClose(), "one new connection, to measure a warm set-up");
        assertFalse(r.preferClose());
        r.setUp(110 * MS);
        for (int i = 0; i < 10; i++) {
            r.bodyWait(40 * MS);
            assertFalse(r.preferClose());
        }
    }

    @Test
    void aColdFirstConnectionDoesNotHideTheStall() {
        Route r = new Route(false, "h", 80, null);
        r.setUp(150 * MS); // the process's first connection: class loading, a busy machine
        r.bodyWait(40 * MS);
        assertTrue(r.preferClose(), "probe");
        r.setUp(MS / 2); // what a connection really costs
        r.bodyWait(40 * MS);
        assertTrue(r.preferClose(), "now closing");
        assertTrue(r.preferClose());
    }
}
