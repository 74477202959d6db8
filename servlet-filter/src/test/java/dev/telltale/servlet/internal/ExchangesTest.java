package dev.telltale.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangesTest {
    @Test
    void pathJoinsServletPathAndPathInfoAndIsNeverEmpty() {
        assertEquals("/orders/42", Exchanges.path("/orders", "/42"));
        assertEquals("/orders", Exchanges.path("/orders", null));
        assertEquals("/42", Exchanges.path("", "/42"));
        assertEquals("/", Exchanges.path(null, null));
        assertEquals("/", Exchanges.path("", ""));
    }

    @Test
    void headersJoinRepeatedValuesKeepOrderAndStopAtTheBound() {
        Map<String, List<String>> sent = new LinkedHashMap<>();
        sent.put("Accept", List.of("text/html", "application/json"));
        sent.put("Host", List.of("shop.local"));
        sent.put("X-Empty", List.of());
        sent.put("X-Late", List.of("dropped"));
        Map<String, String> got = Exchanges.headers(
                Collections.enumeration(sent.keySet()), name -> Collections.enumeration(sent.get(name)), 3);
        assertEquals(List.of("Accept", "Host", "X-Empty"), List.copyOf(got.keySet()));
        assertEquals("text/html, application/json", got.get("Accept"));
        assertEquals("shop.local", got.get("Host"));
        assertEquals("", got.get("X-Empty"));
    }

    @Test
    void noHeaderNamesMeansNoHeaders() {
        assertEquals(Map.of(), Exchanges.headers(null, name -> null, 64));
        assertEquals(Map.of("A", ""), Exchanges.headers(Collections.enumeration(List.of("A")), name -> null, 64));
    }
}
