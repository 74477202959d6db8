package dev.telltale.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Breadcrumb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BreadcrumbRingTest {
    private static List<String> messages(List<Breadcrumb> crumbs) {
        List<String> out = new ArrayList<>();
        for (Breadcrumb b : crumbs) {
            out.add(b.message());
        }
        return out;
    }

    private static List<Breadcrumb> ordered(BreadcrumbRing ring) {
        return BreadcrumbRing.ordered(ring.copy(), ring.capacity());
    }

    @Test
    void keepsEverythingBelowCapacityOldestFirst() {
        BreadcrumbRing ring = new BreadcrumbRing(5);
        for (String m : new String[] {"a", "b", "c"}) {
            ring.add(Breadcrumb.of(m));
        }
        assertEquals(List.of("a", "b", "c"), messages(ordered(ring)));
        assertEquals(3, ring.copy().length);
    }

    @Test
    void evictsTheOldestWhenFull() {
        BreadcrumbRing ring = new BreadcrumbRing(3);
        for (int i = 0; i < 10; i++) {
            ring.add(Breadcrumb.of("m" + i));
        }
        assertEquals(3, ring.copy().length);
        assertEquals(List.of("m7", "m8", "m9"), messages(ordered(ring)));
    }

    @Test
    void aForkHoldsTheSameCrumbsThenEvictsItsOwnOldestIndependently() {
        BreadcrumbRing ring = new BreadcrumbRing(3);
        for (int i = 0; i < 5; i++) {
            ring.add(Breadcrumb.of("m" + i));
        }
        BreadcrumbRing fork = ring.fork();
        assertEquals(List.of("m2", "m3", "m4"), messages(ordered(fork)));
        fork.add(Breadcrumb.of("task"));
        ring.add(Breadcrumb.of("caller"));
        assertEquals(List.of("m3", "m4", "task"), messages(ordered(fork)));
        assertEquals(List.of("m3", "m4", "caller"), messages(ordered(ring)));
        assertEquals(List.of(), messages(ordered(new BreadcrumbRing(3).fork())));
    }

    @Test
    void orderedKeepsOnlyTheNewestMax() {
        BreadcrumbRing ring = new BreadcrumbRing(10);
        for (int i = 0; i < 6; i++) {
            ring.add(Breadcrumb.of("m" + i));
        }
        assertEquals(List.of("m4", "m5"), messages(BreadcrumbRing.ordered(ring.copy(), 2)));
        assertTrue(BreadcrumbRing.ordered(ring.copy(), 0).isEmpty());
    }

    @Test
    void keepsTheNewestInOrderAcrossManyWrapArounds() {
        for (int capacity : new int[] {1, 2, 3, 5, 8, 100}) {
            BreadcrumbRing ring = new BreadcrumbRing(capacity);
            for (int i = 0; i < capacity * 7 + 3; i++) {
                ring.add(Breadcrumb.of("m" + i));
                int held = Math.min(i + 1, capacity);
                assertEquals(held, ring.copy().length, "capacity " + capacity + " after " + (i + 1));
                List<String> expected = new ArrayList<>();
                for (int k = i + 1 - held; k <= i; k++) {
                    expected.add("m" + k);
                }
                assertEquals(expected, messages(ordered(ring)), "capacity " + capacity + " after " + (i + 1));
            }
        }
    }

    @Test
    void aForkAfterWrapAroundKeepsTheNewestAndContinuesInOrder() {
        BreadcrumbRing ring = new BreadcrumbRing(5); // 8 slots: the fork must not resurrect evicted crumbs
        for (int i = 0; i < 13; i++) {
            ring.add(Breadcrumb.of("m" + i));
        }
        BreadcrumbRing fork = ring.fork();
        assertEquals(List.of("m8", "m9", "m10", "m11", "m12"), messages(ordered(fork)));
        fork.add(Breadcrumb.of("task"));
        assertEquals(List.of("m9", "m10", "m11", "m12", "task"), messages(ordered(fork)));
        assertEquals(5, fork.copy().length);
    }

    @Test
    void capacityZeroHoldsNothing() {
        BreadcrumbRing ring = new BreadcrumbRing(0);
        ring.add(Breadcrumb.of("x"));
        assertEquals(0, ring.capacity());
        assertEquals(0, ring.copy().length);
        assertTrue(ordered(ring).isEmpty());
        assertEquals(0, new BreadcrumbRing(-5).capacity());
    }

    @Test
    void nullIsIgnored() {
        BreadcrumbRing ring = new BreadcrumbRing(2);
        ring.add(null);
        assertEquals(0, ring.copy().length);
    }

    @Test
    void clearForgetsAndTheRingKeepsWorking() {
        BreadcrumbRing ring = new BreadcrumbRing(3);
        ring.add(Breadcrumb.of("old"));
        ring.clear();
        assertTrue(ordered(ring).isEmpty());
        ring.add(Breadcrumb.of("new"));
        assertEquals(List.of("new"), messages(ordered(ring)));
    }

    @Test
    void copyIsDetachedFromLaterAdds() {
        BreadcrumbRing ring = new BreadcrumbRing(2);
        ring.add(Breadcrumb.of("a"));
        Breadcrumb[] copy = ring.copy();
        ring.add(Breadcrumb.of("b"));
        ring.add(Breadcrumb.of("c"));
        assertEquals(List.of("a"), messages(BreadcrumbRing.ordered(copy, 2)));
    }

    @Test
    void orderingFollowsSequenceNotInsertionOrder() {
        Breadcrumb first = Breadcrumb.of("first");
        Breadcrumb second = Breadcrumb.of("second");
        BreadcrumbRing ring = new BreadcrumbRing(4);
        ring.add(second);
        ring.add(first);
        assertEquals(List.of("first", "second"), messages(ordered(ring)));
    }

    @Test
    void concurrentAddsNeverExceedCapacityAndStayOrderedBySequence() throws Exception {
        final int capacity = 64;
        final int threads = 4;
        final int perThread = 20_000;
        BreadcrumbRing ring = new BreadcrumbRing(capacity);
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<String> problem = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    ring.add(Breadcrumb.builder()
                            .category("t" + id)
                            .message(Integer.toString(i))
                            .build());
                }
            });
            writers.add(w);
            w.start();
        }
        Thread reader = new Thread(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                return;
            }
            for (int round = 0; round < 2_000 && problem.get() == null; round++) {
                Breadcrumb[] raw = ring.copy();
                if (raw.length > capacity) {
                    problem.set("copy held " + raw.length);
                }
                List<Breadcrumb> o = BreadcrumbRing.ordered(raw, capacity);
                for (int i = 1; i < o.size(); i++) {
                    if (o.get(i - 1).sequence() >= o.get(i).sequence()) {
                        problem.set("not ordered by sequence at " + i);
                    }
                }
            }
        });
        reader.start();
        start.countDown();
        for (Thread w : writers) {
            w.join(30_000);
        }
        reader.join(30_000);
        assertNull(problem.get(), problem.get());

        Breadcrumb[] raw = ring.copy();
        assertEquals(capacity, raw.length);
        List<Breadcrumb> o = BreadcrumbRing.ordered(raw, capacity);
        assertEquals(capacity, o.size(), "no hole once the ring is full");
        int[] lastPerThread = {-1, -1, -1, -1};
        for (int i = 0; i < o.size(); i++) {
            if (i > 0) {
                assertTrue(o.get(i - 1).sequence() < o.get(i).sequence());
            }
            int t = Integer.parseInt(o.get(i).category().substring(1));
            int n = Integer.parseInt(o.get(i).message());
            assertTrue(n > lastPerThread[t], "thread " + t + " out of order");
            lastPerThread[t] = n;
            // The survivors are recent: each writer's entries come from the end of its run.
            assertTrue(n >= perThread - capacity * threads * 4, "stale entry " + n + " of thread " + t);
        }
    }
}
