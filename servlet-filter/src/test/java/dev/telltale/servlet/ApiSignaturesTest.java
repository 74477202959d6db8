package dev.telltale.servlet;

import dev.telltale.testkit.ApiDump;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The filters' public line (every package of this module but {@code dev.telltale.servlet.internal})
 * is the committed {@code api/telltale-servlet.api}; regenerate it with
 * {@code -Dtelltale.api.update=true} when a change is intended.
 */
class ApiSignaturesTest {
    @Test
    void thePublicApiIsTheCommittedOne() throws Exception {
        Class<?> filter = dev.telltale.servlet.javax.TelltaleFilter.class;
        Path classes = Paths.get(
                filter.getProtectionDomain().getCodeSource().getLocation().toURI());
        ApiDump.check(
                classes,
                p -> p.startsWith("dev.telltale.servlet") && !p.startsWith("dev.telltale.servlet.internal"),
                Paths.get("api", "telltale-servlet.api"));
    }
}
