package dev.telltale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BreadcrumbTest {
    @Test
    void defaultsAreNeverNull() {
        Breadcrumb b = Breadcrumb.builder().build();
        assertEquals("default", b.type());
        assertEquals("", b.category());
        assertEquals("", b.message());
        assertEquals(Level.INFO, b.level());
        assertTrue(b.data().isEmpty());
        assertTrue(b.timestamp() > 0);
    }

    @Test
    void blankOrNullTypeFallsBackToDefault() {
        assertEquals("default", Breadcrumb.builder().type(null).build().type());
        assertEquals("default", Breadcrumb.builder().type("").build().type());
        assertEquals("http", Breadcrumb.builder().type("http").build().type());
    }

    @Test
    void longMessageIsCutToTheBoundWithAnEllipsis() {
        Breadcrumb b = Breadcrumb.of("x".repeat(5_000));
        assertEquals(Breadcrumb.MAX_MESSAGE_CHARS, b.message().length());
        assertTrue(b.message().endsWith("\u2026"));
    }

    @Test
    void categoryTypeAndDataAreBounded() {
        Breadcrumb.Builder builder = Breadcrumb.builder().type("t".repeat(500)).category("c".repeat(500));
        for (int i = 0; i < 100; i++) {
            builder.data("key" + i + "k".repeat(500), "v".repeat(5_000));
        }
        Breadcrumb b = builder.build();
        assertTrue(b.type().length() <= 64);
        assertTrue(b.category().length() <= 256);
        assertEquals(32, b.data().size());
        for (Map.Entry<String, String> e : b.data().entrySet()) {
            assertTrue(e.getKey().length() <= 128);
            assertTrue(e.getValue().length() <= 1024);
        }
    }

    @Test
    void loneSurrogatesInAnyFieldAreReplaced() {
        Breadcrumb b = Breadcrumb.builder()
                .category("c\uD800")
                .message("m\uDC00")
                .data("k\uD800", "v\uDC00")
                .build();
        assertEquals("c\uFFFD", b.category());
        assertEquals("m\uFFFD", b.message());
        assertEquals("v\uFFFD", b.data().get("k\uFFFD"));
    }

    @Test
    void nullKeysOrValuesInDataAreSkipped() {
        Map<String, String> m = new HashMap<>();
        m.put(null, "v");
        m.put("k", null);
        m.put("ok", "1");
        Breadcrumb b = Breadcrumb.builder().data(m).data(null).build();
        assertEquals(Map.of("ok", "1"), b.data());
    }

    @Test
    void dataCannotBeChangedThroughTheBreadcrumb() {
        Breadcrumb b = Breadcrumb.builder().data("k", "v").build();
        assertThrows(UnsupportedOperationException.class, () -> b.data().put("x", "y"));
    }

    @Test
    void nullLevelIsRefused() {
        assertThrows(NullPointerException.class, () -> Breadcrumb.builder().level(null));
    }

    @Test
    void sequenceIncreasesInCreationOrder() {
        Breadcrumb a = Breadcrumb.of("a");
        Breadcrumb b = Breadcrumb.of("b");
        assertTrue(b.sequence() > a.sequence());
    }

    @Test
    void givenTimestampIsKept() {
        assertEquals(1234L, Breadcrumb.builder().timestamp(1234L).build().timestamp());
    }
}
