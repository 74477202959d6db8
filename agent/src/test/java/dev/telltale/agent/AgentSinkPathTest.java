package dev.telltale.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AgentSinkPathTest {
    @Test
    void requestBreadcrumbNamesThePathWithoutSchemeAndHost() {
        assertEquals("/orders/7", AgentSink.pathOf("http://127.0.0.1:8080/orders/7"));
        assertEquals("/", AgentSink.pathOf("https://shop.example"));
        assertEquals("/", AgentSink.pathOf(null));
        assertEquals("/a", AgentSink.pathOf("/a"));
    }
}
