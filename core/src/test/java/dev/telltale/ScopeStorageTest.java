package dev.telltale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.event.RequestInfo;
import dev.telltale.internal.BreadcrumbRing;
import dev.telltale.internal.Reentrancy;
import dev.telltale.internal.ScopeSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Scopes below the client: global vs pushed, merging, per-event scopes, forks and handles. */
class ScopeStorageTest {
    private final ScopeStorage storage = new ScopeStorage(10, 1_000L);

    static List<String> crumbs(ScopeSnapshot s) {
        List<String> out = new ArrayList<>();
        for (Breadcrumb b : BreadcrumbRing.ordered(s.ringCrumbs, 100)) {
            out.add(b.message());
        }
        for (Breadcrumb b : s.eventCrumbs) {
            out.add(b.message());
        }
        return out;
    }

    private ScopeSnapshot now() {
        return storage.snapshot(storage.current());
    }

    @Test
    void theBreadcrumbPathFindsEachStoragesOwnScopeOnAThreadThatHadOne() throws Exception {
        ScopeStorage other = new ScopeStorage(10, 0L);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit((java.util.concurrent.Callable<Void>) () -> {
                        assertEquals(Reentrancy.UNSCOPED, Reentrancy.breadcrumbState(), "a fresh thread");
                        assertSame(storage.global(), storage.currentFor(Reentrancy.breadcrumbState()));
                        try (ScopeHandle h = storage.activate(storage.newIsolated())) {
                            int state = Reentrancy.breadcrumbState();
                            assertEquals(Reentrancy.SCOPED, state);
                            assertSame(h.scope(), storage.currentFor(state));
                            assertSame(
                                    other.global(),
                                    other.currentFor(state),
                                    "another client's storage on the same thread");
                        }
                        assertSame(
                                storage.global(),
                                storage.currentFor(Reentrancy.breadcrumbState()),
                                "after the handle closed");
                        Reentrancy.enter();
                        try {
                            assertEquals(Reentrancy.REENTRANT, Reentrancy.breadcrumbState());
                        } finally {
                            Reentrancy.exit();
                        }
                        return null;
                    })
                    .get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAPushedScopeTheGlobalScopeIsCurrent() {
        assertSame(storage.global(), storage.current());
        storage.current().setTag("a", "1").addBreadcrumb(Breadcrumb.of("g"));
        assertEquals(Map.of("a", "1"), now().tags);
        assertEquals(List.of("g"), crumbs(now()));
        assertEquals(1_000L, now().sessionStartedAt);
    }

    @Test
    void pushedScopeHasItsOwnBreadcrumbsAndInheritsGlobalValues() {
        storage.global().setTag("app", "shop").setUser(User.ofId("global-user")).addBreadcrumb(Breadcrumb.of("g"));
        try (ScopeHandle h = storage.activate(storage.newIsolated())) {
            storage.current().addBreadcrumb(Breadcrumb.of("r1"));
            ScopeSnapshot s = now();
            assertEquals(List.of("r1"), crumbs(s), "a request sees only its own breadcrumbs");
            assertEquals("shop", s.tags.get("app"));
            assertEquals("global-user", s.user.id());
            assertSame(h.scope(), storage.current());
        }
        assertEquals(List.of("g"), crumbs(now()), "the request's breadcrumbs did not reach the global ring");
    }

    @Test
    void innerValuesWinAndMapsMergeOverOuter() {
        storage.global()
                .setTag("a", "outer")
                .setTag("b", "outer")
                .setExtra("x", "outer")
                .setContext("ctx", Map.of("k", "outer"))
                .setUser(User.ofId("outer"))
                .setLevel(Level.WARNING)
                .setRequest(
                        RequestInfo.builder().method("GET").url("http://outer").build())
                .setFingerprint(List.of("outer"));
        try (ScopeHandle h = storage.activate(storage.newIsolated())) {
            h.scope()
                    .setTag("b", "inner")
                    .setExtra("y", "inner")
                    .setContext("ctx", Map.of("k", "inner"))
                    .setUser(User.ofId("inner"))
                    .setLevel(Level.FATAL)
                    .setRequest(RequestInfo.builder()
                            .method("POST")
                            .url("http://inner")
                            .build())
                    .setFingerprint(List.of("inner"));
            ScopeSnapshot s = now();
            assertEquals(Map.of("a", "outer", "b", "inner"), s.tags);
            assertEquals(Map.of("x", "outer", "y", "inner"), s.extra);
            assertEquals(Map.of("k", "inner"), s.contexts.get("ctx"));
            assertEquals("inner", s.user.id());
            assertEquals(Level.FATAL, s.level);
            assertEquals("POST", s.request.method());
            assertEquals(List.of("inner"), s.fingerprint);
        }
        ScopeSnapshot after = now();
        assertEquals("outer", after.tags.get("b"));
        assertEquals("outer", after.user.id());
    }

    @Test
    void userNoneOnAnInnerScopeHidesTheOuterUser() {
        storage.global().setUser(User.ofId("outer"));
        try (ScopeHandle h = storage.activate(storage.newIsolated())) {
            h.scope().setUser(User.NONE);
            assertTrue(now().user.isEmpty());
        }
    }

    @Test
    void removingATagOnlyRemovesThatScopesValue() {
        storage.global().setTag("a", "1").setTag("b", "2").removeTag("b");
        assertEquals(Map.of("a", "1"), now().tags);
    }

    @Test
    void perEventScopeAffectsOnlyThatSnapshot() {
        storage.global().setTag("a", "1").addBreadcrumb(Breadcrumb.of("g"));
        Scope perEvent = storage.perEvent();
        perEvent.setTag("a", "event").setTag("only", "event").addBreadcrumb(Breadcrumb.of("event-crumb"));
        ScopeSnapshot s = storage.snapshot(perEvent);
        assertEquals(Map.of("a", "event", "only", "event"), s.tags);
        assertEquals(List.of("g", "event-crumb"), crumbs(s));

        ScopeSnapshot next = now();
        assertEquals(Map.of("a", "1"), next.tags);
        assertEquals(List.of("g"), crumbs(next));
    }

    @Test
    void perEventBreadcrumbsAreBounded() {
        Scope perEvent = storage.perEvent();
        for (int i = 0; i < 500; i++) {
            perEvent.addBreadcrumb(Breadcrumb.of("e" + i));
        }
        assertTrue(storage.snapshot(perEvent).eventCrumbs.size() <= 100);
    }

    @Test
    void forkCopiesValuesAndBreadcrumbsButIsIndependent() {
        try (ScopeHandle h = storage.activate(storage.newIsolated())) {
            h.scope().setTag("t", "before").addBreadcrumb(Breadcrumb.of("before"));
            Scope fork = storage.fork();
            assertNotSame(h.scope(), fork);
            h.scope().setTag("t", "after-fork").addBreadcrumb(Breadcrumb.of("caller-later"));
            fork.setTag("t", "in-task").addBreadcrumb(Breadcrumb.of("task"));

            ScopeSnapshot forked = storage.snapshot(fork);
            assertEquals("in-task", forked.tags.get("t"));
            assertEquals(List.of("before", "task"), crumbs(forked));

            ScopeSnapshot caller = now();
            assertEquals("after-fork", caller.tags.get("t"));
            assertEquals(List.of("before", "caller-later"), crumbs(caller));
        }
    }

    @Test
    void forkOfTheGlobalScopeIsNotNeeded() {
        assertNull(storage.fork());
    }

    @Test
    void handlesRestoreThePreviousScopeAndCloseIsIdempotent() {
        Scope outer = storage.newIsolated();
        Scope inner = storage.newIsolated();
        ScopeHandle ho = storage.activate(outer);
        ScopeHandle hi = storage.activate(inner);
        assertSame(inner, storage.current());
        hi.close();
        assertSame(outer, storage.current());
        hi.close();
        assertSame(outer, storage.current(), "a second close changes nothing");
        ho.close();
        assertSame(storage.global(), storage.current());
    }

    @Test
    void pushedScopeIsInvisibleToOtherThreads() throws Exception {
        try (ScopeHandle h = storage.activate(storage.newIsolated())) {
            h.scope().setTag("request", "1");
            Scope[] seen = new Scope[1];
            Thread t = new Thread(() -> seen[0] = storage.current());
            t.start();
            t.join(5_000);
            assertSame(storage.global(), seen[0]);
        }
    }

    @Test
    void pooledThreadIsBackOnTheGlobalScopeAfterAHandleCloses() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> {
                        try (ScopeHandle h = storage.activate(storage.newIsolated())) {
                            h.scope().setTag("job", "1").addBreadcrumb(Breadcrumb.of("job-crumb"));
                        }
                    })
                    .get(5, TimeUnit.SECONDS);
            ScopeSnapshot next = pool.submit(this::now).get(5, TimeUnit.SECONDS);
            assertTrue(next.tags.isEmpty(), next.tags.toString());
            assertTrue(crumbs(next).isEmpty());
            assertSame(storage.global(), pool.submit(storage::current).get(5, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void detachedScopeOfANoopHandleAcceptsValues() {
        ScopeHandle h = ScopeHandle.noop();
        h.scope().setTag("a", "b").addBreadcrumb(Breadcrumb.of("x"));
        h.close();
        h.close();
        assertSame(storage.global(), storage.current());
    }

    @Test
    void noopHandlesShareNothingSoValuesCannotPileUp() {
        for (int i = 0; i < 1_000; i++) {
            try (ScopeHandle h = ScopeHandle.noop()) {
                h.scope().setTag("request-" + i, "x");
            }
        }
        ScopeHandle next = ScopeHandle.noop();
        assertTrue(storage.snapshot(next.scope()).tags.isEmpty(), "a scope of a disabled client starts empty");
    }
}
