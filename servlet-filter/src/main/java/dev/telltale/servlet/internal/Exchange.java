package dev.telltale.servlet.internal;

import java.util.Map;

/**
 * One HTTP request and its response as the shared filter sees them, free of the servlet namespace
 * ({@code javax} or {@code jakarta}): each namespace's shell adapts its own request and response.
 * Implementations may throw; the caller guards every call.
 */
public interface Exchange {
    String method();

    /** Scheme, host, port and path, without the query string. */
    String requestUrl();

    /** The raw query string, or null. */
    String queryString();

    /** The path inside the application: servlet path plus path info ({@code /orders/42}). */
    String path();

    /** Header names to their values (several values joined with {@code ", "}), at most {@code max} names. */
    Map<String, String> headers(int max);

    String remoteAddress();

    /** The authenticated user's name, or null. */
    String principalName();

    Object attribute(String name);

    void setAttribute(String name, Object value);

    /** The namespace's {@code *.servlet.error.exception} attribute, when it holds a Throwable. */
    Throwable errorException();

    int status();

    boolean isAsyncStarted();

    /** Listens to the current asynchronous cycle; throws IllegalStateException when there is none. */
    void onAsyncEvents(AsyncEvents events);

    /** The id of the request's existing session (never creates one), or null. */
    String sessionId();

    /** Creation time of the existing session (epoch ms), or 0. */
    long sessionCreatedAt();

    /** Seconds the existing session may stay idle; 0 or less when unknown or unlimited. */
    int sessionMaxInactiveSeconds();

    /** Something that identifies the web application (its ServletContext): journeys are kept per application. */
    Object application();
}
