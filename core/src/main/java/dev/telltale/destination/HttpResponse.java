package dev.telltale.destination;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A response as a destination sees it: status, headers (case-insensitive), a bounded body. */
public final class HttpResponse {
    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    public HttpResponse(int status, Map<String, String> headers, byte[] body) {
        this.status = status;
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey() != null && e.getValue() != null) {
                    h.put(e.getKey(), e.getValue());
                }
            }
        }
        this.headers = Collections.unmodifiableMap(h);
        this.body = body == null ? new byte[0] : body;
    }

    public int status() {
        return status;
    }

    /** The header's value, or null when absent. Names are case-insensitive. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "HTTP " + status;
    }
}
