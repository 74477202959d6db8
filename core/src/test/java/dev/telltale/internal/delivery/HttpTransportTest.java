package dev.telltale.internal.delivery;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HttpTransportTest {
    @Test
    void aHeaderTheJdkRefusesFailsWithoutQuotingItsValue() {
        HttpTransport t = new HttpTransport(1_000, 1_000, null);
        String secret = "sk-live-0123456789";
        IOException e = assertThrows(IOException.class, () -> t.post("http://127.0.0.1:9/never",
                Collections.singletonMap("Authorization", "Bearer " + secret + "\r\nX: y"), new byte[0], false));
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        assertFalse(Lane.describe(e).contains(secret), Lane.describe(e));
        assertEquals(IllegalArgumentException.class, e.getCause().getClass());
    }
}
