package dev.telltale.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP request an event happened in. Immutable; {@link #NONE} outside a request. */
public final class RequestInfo {
    public static final RequestInfo NONE = builder().build();

    private final String method;
    private final String url;
    private final String queryString;
    private final Map<String, String> headers;
    private final String clientAddress;
    private final String userPrincipal;
    private final String route;

    private RequestInfo(Builder b) {
        this.method = b.method;
        this.url = b.url;
        this.queryString = b.queryString;
        if (b.headers.isEmpty()) {
            this.headers = Collections.emptyMap();
        } else {
            // Shared with the builder, which copies before changing it again: a request's headers
            // are collected once per request, and the build-once path should not copy them twice.
            this.headers = Collections.unmodifiableMap(b.headers);
            b.headersShared = true;
        }
        this.clientAddress = b.clientAddress;
        this.userPrincipal = b.userPrincipal;
        this.route = b.route;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder()
                .method(method)
                .url(url)
                .queryString(queryString)
                .clientAddress(clientAddress)
                .userPrincipal(userPrincipal)
                .route(route);
        b.headers.putAll(headers);
        return b;
    }

    public boolean isEmpty() {
        return method.isEmpty() && url.isEmpty();
    }

    public String method() {
        return method;
    }

    /** The URL without its query string. */
    public String url() {
        return url;
    }

    public String queryString() {
        return queryString;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** Empty unless personal data may be sent. */
    public String clientAddress() {
        return clientAddress;
    }

    /** Empty unless personal data may be sent. */
    public String userPrincipal() {
        return userPrincipal;
    }

    /** The path the request was routed to ({@code /orders/42}). */
    public String route() {
        return route;
    }

    public static final class Builder {
        private String method = "";
        private String url = "";
        private String queryString = "";
        private LinkedHashMap<String, String> headers = new LinkedHashMap<>();
        private boolean headersShared;
        private String clientAddress = "";
        private String userPrincipal = "";
        private String route = "";

        private Builder() {}

        public Builder method(String v) {
            method = v == null ? "" : v;
            return this;
        }

        public Builder url(String v) {
            url = v == null ? "" : v;
            return this;
        }

        public Builder queryString(String v) {
            queryString = v == null ? "" : v;
            return this;
        }

        public Builder header(String name, String value) {
            if (name != null && value != null) {
                ownHeaders().put(name, value);
            }
            return this;
        }

        public Builder headers(Map<String, String> all) {
            headers = new LinkedHashMap<>();
            headersShared = false;
            if (all != null) {
                headers.putAll(all);
            }
            return this;
        }

        /** The header map, copied first when a built RequestInfo holds it. */
        private LinkedHashMap<String, String> ownHeaders() {
            if (headersShared) {
                headers = new LinkedHashMap<>(headers);
                headersShared = false;
            }
            return headers;
        }

        public Builder clientAddress(String v) {
            clientAddress = v == null ? "" : v;
            return this;
        }

        public Builder userPrincipal(String v) {
            userPrincipal = v == null ? "" : v;
            return this;
        }

        public Builder route(String v) {
            route = v == null ? "" : v;
            return this;
        }

        public RequestInfo build() {
            return new RequestInfo(this);
        }
    }
}
