package dev.telltale.logback;

import ch.qos.logback.classic.LoggerContext;
import dev.telltale.DropReason;
import dev.telltale.Telltale;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application run in its own JVM by {@link ForkedJvmTest}: Logback configures itself from
 * {@code -Dlogback.configurationFile}, as in production. Modes:
 * {@code plain} logs one error; {@code stderr-into-logback} first routes System.err into a logger,
 * as applications with a stderr bridge do, so Telltale's own diagnostics arrive at the appender.
 */
public final class ForkedApp {
    public static void main(String[] args) throws Exception {
        PrintStream realOut = System.out;
        if (args.length > 0 && args[0].equals("stderr-into-logback")) {
            System.setErr(new PrintStream(new LineToLogger(System.err), true, "UTF-8"));
        }
        Logger orders = LoggerFactory.getLogger("shop.Orders");
        orders.info("Cart {} submitted", 7);
        orders.error("Order {} failed", 42, new IllegalStateException("card declined"));
        boolean drained = Telltale.flush(30_000);
        realOut.println("drained=" + drained);
        realOut.println("reentrant=" + Telltale.stats().dropped(DropReason.REENTRANT));
        realOut.println("stats=" + Telltale.stats());
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        realOut.println("telltaleEnabledAfterStop=" + Telltale.isEnabled());
        realOut.flush();
    }

    /** Each line written becomes an ERROR on logger {@code stderr}; a line written while logging one goes to the real stderr. */
    static final class LineToLogger extends OutputStream {
        private final PrintStream real;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final ThreadLocal<Boolean> inside = new ThreadLocal<>();

        LineToLogger(PrintStream real) {
            this.real = real;
        }

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = new String(line.toByteArray(), StandardCharsets.UTF_8);
            line.reset();
            if (Boolean.TRUE.equals(inside.get())) {
                real.println(text);
                return;
            }
            inside.set(Boolean.TRUE);
            try {
                real.println("[bridged] " + text);
                LoggerFactory.getLogger("stderr").error(text);
            } finally {
                inside.remove();
            }
        }
    }
}
