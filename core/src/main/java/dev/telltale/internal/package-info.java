/**
 * Internal: Telltale's machinery (re-entrancy mark, diagnostics, registry, breadcrumb ring, JSON
 * writers, and in {@code delivery} the queue, lanes, HTTP and outbox). Public only so that core's
 * own packages can reach it; no compatibility promise, not in the API file, and no other module's
 * main code imports it: integrations use {@link dev.telltale.integration}.
 */
package dev.telltale.internal;
