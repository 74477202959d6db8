package dev.telltale.internal.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static dev.telltale.internal.delivery.Pipelines.answer;
import static dev.telltale.internal.delivery.Pipelines.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.telltale.DropReason;
import dev.telltale.TelltaleClient;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caller-thread cost of {@code captureException} with the backend up, down and hanging: a
 * behavioural bound (it must not depend on the backend), not a benchmark. Prints the figures.
 */
class CallerTimeTest {
    @RegisterExtension
    static final WireMockExtension server = Pipelines.server();

    @TempDir
    Path outbox;

    private static final int WARMUP = 300;
    private static final int MEASURED = 1_000;

    /** @return {average, median, p99, max} in microseconds */
    private double[] measure(String path, ResponseDefinitionBuilder response) {
        answer(server, path, response);
        try (TelltaleClient c =
                TelltaleClient.start(Pipelines.options(outbox.resolve(path.substring(1)), uri(server, path))
                        .queueSize(5_000)
                        .set("read-timeout-ms", "30000")
                        .set("shutdown-timeout-ms", "200")
                        .build())) {
            for (int i = 0; i < WARMUP; i++) {
                c.captureException(new IllegalStateException("warm-up " + i));
            }
            long[] nanos = new long[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                IllegalStateException e = new IllegalStateException("measured " + i);
                long t0 = System.nanoTime();
                c.captureException(e);
                nanos[i] = System.nanoTime() - t0;
            }
            assertEquals(0, c.stats().dropped(DropReason.QUEUE_OVERFLOW), "like for like: nothing dropped");
            long sum = 0;
            for (long n : nanos) {
                sum += n;
            }
            Arrays.sort(nanos);
            return new double[] {
                sum / 1_000.0 / MEASURED,
                nanos[MEASURED / 2] / 1_000.0,
                nanos[(int) (MEASURED * 0.99)] / 1_000.0,
                nanos[MEASURED - 1] / 1_000.0
            };
        }
    }

    @Test
    void captureTimeIsTheSameWhetherTheBackendIsUpDownOrHanging() {
        measure("/warm", ok()); // JIT warm-up of the whole path, not reported
        Map<String, double[]> figures = new LinkedHashMap<>();
        figures.put("up (200)", measure("/up", ok()));
        figures.put("down (503)", measure("/down", serviceUnavailable()));
        figures.put(
                "hanging (no answer)",
                measure("/hang", aResponse().withStatus(200).withFixedDelay(5_000)));
        for (Map.Entry<String, double[]> f : figures.entrySet()) {
            System.out.printf(
                    "caller-thread captureException, backend %-20s avg %7.1f us, median %6.1f us, p99 %7.1f us, max %8.1f us (%d captures)%n",
                    f.getKey(), f.getValue()[0], f.getValue()[1], f.getValue()[2], f.getValue()[3], MEASURED);
        }
        for (Map.Entry<String, double[]> f : figures.entrySet()) {
            assertTrue(f.getValue()[0] < 1_000, f.getKey() + ": " + f.getValue()[0] + " us on average");
        }
    }
}
