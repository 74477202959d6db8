package dev.telltale.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.event.JourneyAction;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SessionJourneysTest {
    private static List<JourneyAction> actions(String... summaries) {
        List<JourneyAction> out = new ArrayList<>();
        for (String s : summaries) {
            out.add(new JourneyAction("id-" + s, "request", s, 1L));
        }
        return out;
    }

    private static List<String> summaries(SessionJourneys.Snapshot s) {
        return s.actions.stream().map(JourneyAction::summary).collect(Collectors.toList());
    }

    @Test
    void keepsTheNewestActionsOfASessionUpToItsBound() {
        SessionJourneys j = new SessionJourneys(10, 3);
        j.record("s1", 1000L, 0, actions("a", "b"), 5_000L);
        j.record("s1", 1000L, 0, actions("c", "d", "e"), 6_000L);
        SessionJourneys.Snapshot s = j.get("s1", 1000L, 7_000L);
        assertEquals(List.of("c", "d", "e"), summaries(s));
        assertEquals(1000L, s.startedAt);
    }

    @Test
    void forgetsTheLeastRecentlyUsedSessionBeyondTheTotal() {
        SessionJourneys j = new SessionJourneys(2, 5);
        j.record("s1", 1L, 0, actions("one"), 10L);
        j.record("s2", 1L, 0, actions("two"), 11L);
        j.get("s1", 1L, 12L); // s1 is used again: s2 is now the least recent
        j.record("s3", 1L, 0, actions("three"), 13L);
        assertEquals(2, j.sessions());
        assertEquals(List.of("one"), summaries(j.get("s1", 1L, 14L)));
        assertEquals(List.of(), summaries(j.get("s2", 1L, 14L)));
        assertEquals(List.of("three"), summaries(j.get("s3", 1L, 14L)));
    }

    @Test
    void forgetsSessionsIdleLongerThanTheirTimeout() {
        SessionJourneys j = new SessionJourneys(100, 5);
        j.record("short", 1L, 60, actions("x"), 0L);
        j.record("long", 1L, 3600, actions("y"), 0L);
        assertEquals(List.of(), summaries(j.get("short", 1L, 61_000L)));
        assertEquals(List.of("y"), summaries(j.get("long", 1L, 61_000L)));
        assertEquals(1, j.sessions());
    }

    @Test
    void memoryStaysBoundedUnderManySessionsAndLongSummaries() {
        SessionJourneys j = new SessionJourneys(50, 4);
        String huge = "z".repeat(10_000);
        for (int i = 0; i < 1_000; i++) {
            j.record("s" + i, 1L, 0, actions(huge, huge, huge, huge, huge, huge), i);
        }
        assertEquals(50, j.sessions());
        assertEquals(200, j.actions());
        for (JourneyAction a : j.get("s999", 1L, 1_000L).actions) {
            assertTrue(a.summary().length() <= SessionJourneys.MAX_SUMMARY_CHARS);
        }
    }

    @Test
    void aSessionNeverSeenStartsWhenTheContainerSaysItDid() {
        SessionJourneys j = new SessionJourneys(10, 5);
        SessionJourneys.Snapshot s = j.get("new", 4242L, 5000L);
        assertEquals(4242L, s.startedAt);
        assertTrue(s.actions.isEmpty());
        assertEquals(0, j.sessions(), "looking does not create an entry");
    }

    @Test
    void aSessionWhoseIdChangesKeepsItsJourney() {
        SessionJourneys j = new SessionJourneys(10, 5);
        j.record("before-login", 100L, 0, actions("browse"), 1_000L);
        j.rename("before-login", "after-login");
        j.record("after-login", 100L, 0, actions("pay"), 2_000L);
        assertEquals(List.of("browse", "pay"), summaries(j.get("after-login", 100L, 3_000L)));
        assertEquals(1, j.sessions());
    }

    @Test
    void aSnapshotTakenBeforeLaterRequestsStaysAsItWas() {
        SessionJourneys j = new SessionJourneys(10, 3);
        j.record("s", 1L, 0, actions("a", "b"), 1_000L);
        SessionJourneys.Snapshot before = j.get("s", 1L, 1_500L);
        j.record("s", 1L, 0, actions("c", "d"), 2_000L);
        assertEquals(List.of("a", "b"), summaries(before));
        assertEquals(List.of("b", "c", "d"), summaries(j.get("s", 1L, 2_500L)));
    }
}
