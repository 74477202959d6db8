package dev.telltale.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.destination.console.ConsoleDestination;
import dev.telltale.testkit.Lines;
import dev.telltale.testkit.TestEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleDestinationTest {
    @Test
    void printsAShortPrefixedSummary() throws Exception {
        Lines out = new Lines();
        ConsoleDestination d = new ConsoleDestination(out.stream());
        Event e = TestEvents.rich();
        d.deliver(d.encode(e), null);
        List<String> lines = out.all();
        assertTrue(lines.size() >= 3 && lines.size() <= 8, out.toString());
        for (String l : lines) {
            assertTrue(l.startsWith("telltale: "), l);
        }
        assertTrue(lines.get(0).contains("[ERROR] RuntimeException: Order 42 failed"), lines.get(0));
        assertTrue(lines.get(0).contains(e.eventId()));
        assertTrue(out.containing("caused by IllegalStateException: db down").size() == 1, out.toString());
        assertTrue(out.containing("suppressed IOException: close failed").size() == 1, out.toString());
        assertTrue(out.containing("2 breadcrumbs, last: checkout started").size() == 1, out.toString());
    }

    @Test
    void messageEventIsOneLine() throws Exception {
        Lines out = new Lines();
        ConsoleDestination d = new ConsoleDestination(out.stream());
        d.deliver(d.encode(TestEvents.message("Inventory low", Level.WARNING)), null);
        assertEquals(1, out.all().size(), out.toString());
        assertTrue(out.all().get(0).startsWith("telltale: [WARNING] Inventory low"));
    }

    @Test
    void aMultiLineMessageCannotForgeLines() throws Exception {
        Lines out = new Lines();
        ConsoleDestination d = new ConsoleDestination(out.stream());
        d.deliver(d.encode(TestEvents.message("first\nsecond line\r\nthird", Level.INFO)), null);
        for (String l : out.all()) {
            assertTrue(l.startsWith("telltale: "), "every printed line is marked as Telltale's: " + l);
        }
    }
}
