package dev.telltale.internal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Breadcrumb;
import org.junit.jupiter.api.Test;

class MessageTemplateTest {
    private static String f(String template, Object... args) {
        return MessageTemplate.format(template, args);
    }

    @Test
    void placeholdersTakeTheArgumentsInOrderAndTheRestStaysLiteral() {
        assertEquals("cart 7 submitted with 3 items", f("cart {} submitted with {} items", 7, 3));
        assertEquals("a 1 b {} c", f("a {} b {} c", 1));
        assertEquals("no placeholder", f("no placeholder", 1, 2));
        assertEquals("null and true and x and 2.5", f("{} and {} and {} and {}", null, true, 'x', 2.5));
        assertEquals("{}", f("{}", (Object[]) null));
        assertEquals("", f(null, 1));
    }

    @Test
    void escapesFollowSlf4j() {
        assertEquals("literal {} then 1", f("literal \\{} then {}", 1));
        assertEquals("backslash \\1", f("backslash \\\\{}", 1));
        assertEquals("\\{} kept once arguments ran out", f("\\{} kept once arguments ran out"));
    }

    @Test
    void snapshotKeepsImmutablesAndStringifiesTheRestNow() {
        StringBuilder mutable = new StringBuilder("before");
        Object[] snap = MessageTemplate.snapshot("{} {} {}", new Object[] {mutable, 5L, "s"}, 100);
        mutable.append("-after");
        assertEquals("before 5 s", f("{} {} {}", snap));
        assertEquals(5L, snap[1]);
    }

    @Test
    void snapshotBoundsWhatItKeeps() {
        String huge = "y".repeat(50_000);
        Object[] snap = MessageTemplate.snapshot("{} {}", new Object[] {huge, huge}, 1024);
        int kept = ((String) snap[0]).length() + ((String) snap[1]).length();
        assertTrue(kept <= 1025, "kept " + kept + " chars");
        String message = Breadcrumb.builder()
                .messageTemplate("{} {}", huge, huge)
                .build()
                .message();
        assertEquals(Strings.clean(f("{} {}", huge, huge), 1024), message, "the cut does not change the message");
        assertNull(MessageTemplate.snapshot("t", new Object[17], 1024), "too many arguments: format now");
        assertNull(
                MessageTemplate.snapshot("x".repeat(2049), new Object[] {1}, 1024), "too long a template: format now");
        assertNull(MessageTemplate.snapshot("{}", new Object[] {new int[] {1}}, 1024), "arrays: the caller formats");
    }

    @Test
    void aBreadcrumbWithManyArgumentsOrALongTemplateStillReadsRight() {
        Object[] many = new Object[20];
        StringBuilder t = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < many.length; i++) {
            many[i] = i;
            t.append("{},");
            expected.append(i).append(',');
        }
        assertEquals(
                expected.toString(),
                Breadcrumb.builder().messageTemplate(t.toString(), many).build().message());
        String longTemplate = "z".repeat(3000) + "{}";
        assertEquals(
                Strings.clean(longTemplate, 1024),
                Breadcrumb.builder().messageTemplate(longTemplate, 1).build().message());
    }
}
