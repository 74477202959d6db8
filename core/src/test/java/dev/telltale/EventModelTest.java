package dev.telltale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.Journey;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.Mechanism;
import dev.telltale.event.Platform;
import dev.telltale.event.RequestInfo;
import dev.telltale.event.StackFrame;
import dev.telltale.testkit.TestEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventModelTest {
    private static void assertSameContent(Event a, Event b) {
        assertEquals(a.eventId(), b.eventId());
        assertEquals(a.timestamp(), b.timestamp());
        assertEquals(a.level(), b.level());
        assertSame(a.mechanism(), b.mechanism());
        assertEquals(a.messageTemplate(), b.messageTemplate());
        assertEquals(a.message(), b.message());
        assertEquals(a.logger(), b.logger());
        assertEquals(a.threadName(), b.threadName());
        assertEquals(a.exceptions(), b.exceptions());
        assertEquals(a.breadcrumbs(), b.breadcrumbs());
        assertSame(a.journey(), b.journey());
        assertSame(a.user(), b.user());
        assertEquals(a.tags(), b.tags());
        assertEquals(a.extra(), b.extra());
        assertEquals(a.contexts(), b.contexts());
        assertSame(a.request(), b.request());
        assertEquals(a.release(), b.release());
        assertEquals(a.environment(), b.environment());
        assertEquals(a.serverName(), b.serverName());
        assertSame(a.platform(), b.platform());
        assertEquals(a.fingerprint(), b.fingerprint());
    }

    @Test
    void toBuilderRoundTripKeepsEveryField() {
        Event rich = TestEvents.rich().toBuilder()
                .fingerprint(Arrays.asList("a", "b"))
                .build();
        assertTrue(rich.exceptions().size() >= 3
                && !rich.breadcrumbs().isEmpty()
                && !rich.contexts().isEmpty());
        assertSameContent(rich, rich.toBuilder().build());
    }

    @Test
    void toBuilderChangesOnlyTheCopy() {
        Event original = TestEvents.rich();
        Map<String, String> tagsBefore = new HashMap<>(original.tags());
        Event changed = original.toBuilder()
                .tag("extra-tag", "1")
                .message("t", "m")
                .level(Level.FATAL)
                .context("mdc", null)
                .build();
        assertEquals(tagsBefore, original.tags());
        assertEquals("1", changed.tags().get("extra-tag"));
        assertEquals(Level.ERROR, original.level());
        assertTrue(original.contexts().containsKey("mdc"));
        assertTrue(!changed.contexts().containsKey("mdc"));
    }

    @Test
    void collectionsOfAnEventCannotBeModified() {
        Event e = TestEvents.rich();
        assertThrows(UnsupportedOperationException.class, () -> e.tags().put("k", "v"));
        assertThrows(UnsupportedOperationException.class, () -> e.extra().clear());
        assertThrows(UnsupportedOperationException.class, () -> e.contexts().put("x", Collections.emptyMap()));
        assertThrows(
                UnsupportedOperationException.class,
                () -> e.contexts().get("mdc").put("k", "v"));
        assertThrows(UnsupportedOperationException.class, () -> e.exceptions().remove(0));
        assertThrows(
                UnsupportedOperationException.class,
                () -> e.exceptions().get(0).frames().clear());
        assertThrows(UnsupportedOperationException.class, () -> e.breadcrumbs().clear());
        assertThrows(
                UnsupportedOperationException.class,
                () -> e.breadcrumbs().get(0).data().put("k", "v"));
        assertThrows(UnsupportedOperationException.class, () -> e.fingerprint().add("x"));
        assertThrows(
                UnsupportedOperationException.class, () -> e.request().headers().put("k", "v"));
        assertThrows(
                UnsupportedOperationException.class,
                () -> e.journey().recentActions().clear());
    }

    @Test
    void changingTheInputsAfterBuildDoesNotChangeTheEvent() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("a", "1");
        Map<String, String> ctxValues = new LinkedHashMap<>();
        ctxValues.put("k", "v");
        Map<String, Map<String, String>> contexts = new LinkedHashMap<>();
        contexts.put("c", ctxValues);
        List<String> fingerprint = new ArrayList<>(Collections.singletonList("f"));
        List<ExceptionInfo> exceptions = new ArrayList<>();
        exceptions.add(new ExceptionInfo(
                0, -1, ExceptionInfo.Relation.THROWN, "x.Y", "m", new ArrayList<StackFrame>(), 0, -1));
        Event e = Event.builder("id")
                .tags(tags)
                .contexts(contexts)
                .fingerprint(fingerprint)
                .exceptions(exceptions)
                .build();
        tags.put("b", "2");
        ctxValues.put("k2", "v2");
        contexts.put("d", ctxValues);
        fingerprint.add("g");
        exceptions.clear();
        assertEquals(Collections.singletonMap("a", "1"), e.tags());
        assertEquals(Collections.singletonMap("c", Collections.singletonMap("k", "v")), e.contexts());
        assertEquals(Collections.singletonList("f"), e.fingerprint());
        assertEquals(1, e.exceptions().size());
    }

    @Test
    void aBareEventHasNoNulls() {
        Event e = Event.builder("abc")
                .message(null, null)
                .logger(null)
                .threadName(null)
                .release(null)
                .environment(null)
                .serverName(null)
                .build();
        for (String s : new String[] {
            e.messageTemplate(),
            e.message(),
            e.logger(),
            e.threadName(),
            e.release(),
            e.environment(),
            e.serverName(),
            e.title()
        }) {
            assertEquals("", s);
        }
        assertSame(User.NONE, e.user());
        assertSame(RequestInfo.NONE, e.request());
        assertSame(Journey.EMPTY, e.journey());
        assertSame(Mechanism.MANUAL, e.mechanism());
        assertTrue(e.handled());
        assertEquals(Level.ERROR, e.level());
        assertNotNull(e.platform());
        assertTrue(e.exceptions().isEmpty()
                && e.breadcrumbs().isEmpty()
                && e.tags().isEmpty()
                && e.extra().isEmpty()
                && e.contexts().isEmpty()
                && e.fingerprint().isEmpty());
        assertNull(e.primaryException());
    }

    @Test
    void nullSetsOnTheBuilderRemoveOrRefuse() {
        Event.Builder b = Event.builder("id")
                .tag("a", "1")
                .tag("a", null)
                .extra("x", "1")
                .extra("x", null)
                .tag(null, "ignored")
                .extra(null, "ignored");
        Event e = b.build();
        assertTrue(e.tags().isEmpty());
        assertTrue(e.extra().isEmpty());
        assertThrows(NullPointerException.class, () -> Event.builder(null));
        assertThrows(NullPointerException.class, () -> Event.builder("id").user(null));
        assertThrows(NullPointerException.class, () -> Event.builder("id").level(null));
    }

    @Test
    void partsOfTheModelTurnNullIntoEmpty() {
        StackFrame f = new StackFrame(null, null, null, -1, false, false);
        assertEquals("", f.className() + f.methodName() + f.fileName());
        assertEquals(".(Unknown Source)", f.toString());
        ExceptionInfo x = new ExceptionInfo(0, -1, ExceptionInfo.Relation.THROWN, null, null, null, 0, -1);
        assertEquals("", x.type() + x.message());
        assertTrue(x.frames().isEmpty());
        JourneyAction a = new JourneyAction(null, null, null, 0);
        assertEquals("", a.id() + a.source() + a.summary());
        Journey j = new Journey(0, null);
        assertTrue(j.isEmpty());
        assertEquals("generic", new Mechanism(null, true).type());
        Platform p = new Platform(null, null, null, null, null, null);
        assertEquals("", p.runtimeName() + p.osArch());
        RequestInfo r = RequestInfo.builder()
                .method(null)
                .url(null)
                .header(null, "x")
                .header("y", null)
                .build();
        assertTrue(r.isEmpty());
        assertTrue(r.headers().isEmpty());
        User u = User.builder().id(null).email(null).data(null, "v").build();
        assertTrue(u.isEmpty());
    }

    @Test
    void titleUsesSimpleTypeAndMessageOrTheMessageEvent() {
        Event ex = Event.builder("i")
                .exceptions(Collections.singletonList(new ExceptionInfo(
                        0,
                        -1,
                        ExceptionInfo.Relation.THROWN,
                        "a.b.Boom",
                        "bad",
                        Collections.<StackFrame>emptyList(),
                        0,
                        -1)))
                .build();
        assertEquals("Boom: bad", ex.title());
        Event msg = Event.builder("i").message("Order {} failed", "").build();
        assertEquals("Order {} failed", msg.title());
        assertEquals("done", Event.builder("i").message("t", "done").build().title());
    }

    @Test
    void userToBuilderRoundTripsAndUserIsImmutable() {
        User u = User.builder()
                .id("1")
                .username("ann")
                .email("a@x")
                .ipAddress("10.0.0.1")
                .data("plan", "pro")
                .build();
        User copy = u.toBuilder().build();
        assertEquals(
                u.id() + u.username() + u.email() + u.ipAddress(),
                copy.id() + copy.username() + copy.email() + copy.ipAddress());
        assertEquals(u.data(), copy.data());
        assertThrows(UnsupportedOperationException.class, () -> u.data().put("x", "y"));
        User changed = u.toBuilder().id("2").build();
        assertEquals("1", u.id());
        assertEquals("2", changed.id());
    }

    @Test
    void requestInfoToBuilderRoundTrips() {
        RequestInfo r = RequestInfo.builder()
                .method("GET")
                .url("http://h/p")
                .queryString("a=1")
                .header("H", "v")
                .clientAddress("1.2.3.4")
                .userPrincipal("ann")
                .route("/p")
                .build();
        RequestInfo c = r.toBuilder().build();
        assertEquals(
                r.method() + r.url() + r.queryString() + r.clientAddress() + r.userPrincipal() + r.route(),
                c.method() + c.url() + c.queryString() + c.clientAddress() + c.userPrincipal() + c.route());
        assertEquals(r.headers(), c.headers());
    }

    @Test
    void aReusedBreadcrumbBuilderLeavesBreadcrumbsBuiltEarlierUnchanged() {
        Breadcrumb.Builder b = Breadcrumb.builder().type("http").data("status", "200");
        Breadcrumb first = b.build();
        b.data("status", "500").data("retry", "1");
        Breadcrumb second = b.build();
        assertEquals(Map.of("status", "200"), first.data());
        assertEquals(Map.of("status", "500", "retry", "1"), second.data());
        assertEquals("http", first.type());
        assertEquals("default", Breadcrumb.builder().type(null).build().type());
        assertEquals(
                "x".repeat(63) + "\u2026",
                Breadcrumb.builder().type("x".repeat(100)).build().type());
    }

    @Test
    void aReusedRequestInfoBuilderLeavesRequestsBuiltEarlierUnchanged() {
        RequestInfo.Builder b = RequestInfo.builder().method("GET").header("Accept", "text/html");
        RequestInfo first = b.build();
        b.header("Accept", "application/json").header("X-Trace", "1");
        RequestInfo second = b.build();
        b.headers(Map.of("Only", "this"));
        RequestInfo third = b.build();
        assertEquals(Map.of("Accept", "text/html"), first.headers());
        assertEquals(Map.of("Accept", "application/json", "X-Trace", "1"), second.headers());
        assertEquals(Map.of("Only", "this"), third.headers());
        assertThrows(UnsupportedOperationException.class, () -> first.headers().put("k", "v"));
        assertTrue(RequestInfo.builder().build().headers().isEmpty());
    }

    @Test
    void userFieldsAreCleanedAndBounded() {
        User u = User.builder().id("\uD800" + "x".repeat(1000)).build();
        assertTrue(u.id().startsWith("\uFFFD"));
        assertEquals(256, u.id().length());
        User.Builder b = User.builder();
        for (int i = 0; i < 100; i++) {
            b.data("k" + i, "v");
        }
        assertEquals(32, b.build().data().size());
    }

    @Test
    void nullsInsideGivenCollectionsAreLeftOut() {
        Map<String, String> tags = new HashMap<>();
        tags.put(null, "v");
        tags.put("k", null);
        tags.put("ok", "1");
        Map<String, Map<String, String>> contexts = new HashMap<>();
        contexts.put(null, Map.of("a", "b"));
        contexts.put("c", tags);
        contexts.put("empty", null);
        List<String> fingerprint = new ArrayList<>(Arrays.asList("a", null));
        List<Breadcrumb> crumbs = new ArrayList<>(Arrays.asList(Breadcrumb.of("x"), null));
        List<ExceptionInfo> exceptions = new ArrayList<>();
        exceptions.add(null);
        Event e = Event.builder("id")
                .tags(tags)
                .extras(tags)
                .contexts(contexts)
                .fingerprint(fingerprint)
                .breadcrumbs(crumbs)
                .exceptions(exceptions)
                .build();
        assertEquals(Map.of("ok", "1"), e.tags());
        assertEquals(Map.of("ok", "1"), e.extra());
        assertEquals(Map.of("c", Map.of("ok", "1"), "empty", Map.of()), e.contexts());
        assertEquals(List.of("a"), e.fingerprint());
        assertEquals(1, e.breadcrumbs().size());
        assertTrue(e.exceptions().isEmpty());
        assertNull(e.primaryException());
    }
}
