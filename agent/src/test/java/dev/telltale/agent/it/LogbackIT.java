package dev.telltale.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LogbackIT {

    private static Scenario run(String jdk) throws Exception {
        return Scenario.of(
                "logback",
                jdk,
                (j, events) -> ForkedApp.run(
                        j, Scenario.toDir(events), ForkedApp.appClasspath(), "com.example.apps.LogbackApp"));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void errorWithExceptionIsReportedWithTemplateAndEarlierLogsAsBreadcrumbs(String jdk) throws Exception {
        Scenario s = run(jdk);
        List<Map<String, Object>> found = s.events.withException("card declined");
        assertEquals(1, found.size(), s.result.toString());
        Map<String, Object> e = found.get(0);
        assertEquals("logback", Events.str(e, "mechanism", "type"));
        assertEquals("com.example.shop.Checkout", e.get("logger"));
        assertEquals("payment failed for order {}", e.get("messageTemplate"));
        assertEquals("payment failed for order 42", e.get("message"));
        List<String> crumbs = Events.breadcrumbs(e);
        assertTrue(crumbs.contains("cart has 3 items") && crumbs.contains("stock low for sku-7"), crumbs.toString());
        assertFalse(crumbs.contains("debug noise"), crumbs.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void eventsKeepArrivingAfterLogbackIsReconfigured(String jdk) throws Exception {
        Scenario s = run(jdk);
        Map<String, Object> e =
                s.events.withMessage("shipping failed for order 43").orElseThrow(() -> new AssertionError(s.result));
        assertEquals("error", e.get("level"));
        assertTrue(
                Events.breadcrumbs(e).contains("after reconfiguration"),
                Events.breadcrumbs(e).toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void anExceptionLoggedThenThrownUncaughtIsReportedOnce(String jdk) throws Exception {
        Scenario s = run(jdk);
        List<Map<String, Object>> found = s.events.withException("logged then thrown");
        assertEquals(1, found.size(), s.result.toString());
        assertEquals("logback", Events.str(found.get(0), "mechanism", "type"));
        assertEquals(3, s.events.all().size(), s.result.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void theApplicationsOwnAppendersStillWriteEverything(String jdk) throws Exception {
        Scenario s = run(jdk);
        assertTrue(
                s.result.stdout.contains("LOG1 ERROR com.example.shop.Checkout - payment failed for order 42"),
                s.result.toString());
        assertTrue(
                s.result.stdout.contains("LOG2 ERROR com.example.shop.Checkout - shipping failed for order 43"),
                s.result.toString());
        assertEquals(0, s.result.exitCode, s.result.toString());
    }
}
