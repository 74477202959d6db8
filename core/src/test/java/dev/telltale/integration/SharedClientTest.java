package dev.telltale.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Telltale;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedClientTest {
    @TempDir
    Path dir;

    @AfterEach
    void closeFacade() {
        Telltale.close();
    }

    private TelltaleOptions options(boolean enabled) {
        return TelltaleOptions.builder()
                .externalConfig(false)
                .enabled(enabled)
                .destinations("file:" + dir.resolve("events"))
                .outboxDir(dir.resolve("outbox").toString())
                .uncaughtHandler(false)
                .shutdownHook(false)
                .build();
    }

    @Test
    void integrationsShareOneClientBehindTheFacadeAndTheLastUseClosesIt() {
        SharedClient.Lease appender = SharedClient.acquire(options(true));
        SharedClient.Lease filter = SharedClient.acquire(TelltaleOptions.external());
        assertTrue(appender.startedHere());
        assertFalse(filter.startedHere());
        assertSame(appender.client(), filter.client());
        assertSame(appender.client(), Telltale.client());

        appender.release();
        appender.release(); // idempotent: still one use ended
        assertTrue(filter.client().isEnabled(), "the filter still uses it");
        filter.release();
        assertFalse(filter.client().isEnabled(), "the last use closed it");
        assertFalse(Telltale.isEnabled());
        assertSame(null, SharedClient.started());
    }

    @Test
    void aClientTheApplicationStartedIsUsedAndNeverClosedByAnIntegration() {
        TelltaleClient app = Telltale.init(options(true));
        SharedClient.Lease filter = SharedClient.acquire(TelltaleOptions.external());
        assertSame(app, filter.client());
        assertFalse(filter.shared());
        filter.release();
        assertTrue(app.isEnabled());
    }

    @Test
    void theApplicationReplacingTheSharedClientIsNotClosedByALaterRelease() {
        SharedClient.Lease appender = SharedClient.acquire(options(true));
        TelltaleClient app = Telltale.init(options(true)); // closes the one before, as init does
        assertNotSame(app, appender.client());
        appender.release();
        assertTrue(app.isEnabled());
        assertSame(app, Telltale.client());
    }

    @Test
    void switchedOffByAFrameworkNoOtherIntegrationStartsOneUntilReleased() {
        SharedClient.Lease spring = SharedClient.acquire(options(false));
        assertFalse(spring.client().isEnabled());
        SharedClient.Lease filter = SharedClient.acquire(options(true));
        assertFalse(filter.client().isEnabled(), "enabled=false in Spring's environment holds for the filter too");
        filter.release();
        spring.release();
        SharedClient.Lease later = SharedClient.acquire(options(true));
        assertTrue(later.client().isEnabled());
        later.release();
    }

    @Test
    void optionsComeFromAFrameworksLookupOfTelltaleKeys() {
        Map<String, String> env = new HashMap<>();
        env.put("telltale.release", " shop@1.0 ");
        env.put("telltale.sample-rate", "");
        env.put("unrelated", "x");
        TelltaleOptions o = SharedClient.options(key -> {
            if (key.equals("telltale.tags")) {
                throw new IllegalArgumentException("unresolvable placeholder");
            }
            return env.get(key);
        });
        assertEquals(1, o.values().size(), o.values().toString());
        assertEquals("shop@1.0", o.values().get(dev.telltale.config.ConfigKey.RELEASE));
    }
}
