package dev.telltale.destination.console;

import dev.telltale.Event;
import dev.telltale.destination.Destination;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.Transport;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;
import dev.telltale.internal.json.Json;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Prints a few lines per event: level, title, where it happened, how many breadcrumbs. */
public final class ConsoleDestination implements Destination {
    private final PrintStream out;

    public ConsoleDestination(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public int maxPayloadBytes() {
        return 64 * 1024;
    }

    @Override
    public Payload encode(Event e) {
        StringBuilder b = new StringBuilder(256);
        b.append("telltale: [")
                .append(e.level().wireName().toUpperCase(java.util.Locale.ROOT))
                .append("] ")
                .append(oneLine(e.title()))
                .append("  (")
                .append(Json.iso(e.timestamp()))
                .append(", ")
                .append(e.mechanism())
                .append(", id ")
                .append(e.eventId())
                .append(")\n");
        ExceptionInfo top = e.primaryException();
        if (top != null) {
            for (StackFrame f : top.frames()) {
                if (f.inApp()) {
                    b.append("telltale:     at ").append(f).append('\n');
                    break;
                }
            }
            for (ExceptionInfo x : e.exceptions()) {
                if (x.parentId() >= 0) {
                    b.append("telltale:     ")
                            .append(x.relation() == ExceptionInfo.Relation.CAUSE ? "caused by " : "suppressed ")
                            .append(x.simpleType())
                            .append(x.message().isEmpty() ? "" : ": " + oneLine(x.message()))
                            .append('\n');
                }
            }
        }
        if (!e.breadcrumbs().isEmpty()) {
            b.append("telltale:     ")
                    .append(e.breadcrumbs().size())
                    .append(" breadcrumbs, last: ")
                    .append(oneLine(
                            e.breadcrumbs().get(e.breadcrumbs().size() - 1).message()))
                    .append('\n');
        }
        return Payload.ofEvent(e, "text/plain", b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A multi-line message (SQL errors often are) stays on its line: every printed line starts with "telltale:". */
    private static String oneLine(String s) {
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0
                ? s
                : s.replace("\r\n", "\n").replace('\r', '\n').replace("\n", " | ");
    }

    @Override
    public Outcome deliver(Payload payload, Transport transport) {
        out.print(new String(payload.body(), StandardCharsets.UTF_8));
        out.flush();
        return Outcome.delivered();
    }
}
