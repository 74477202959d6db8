/**
 * Internal: pieces shared by the bundled HTTP destinations (URI parsing, stack-trace text, body
 * splicing, severity mapping). Public only so that the backend packages can reach them; not part of
 * Telltale's API and with no compatibility promise, like {@code dev.telltale.internal}.
 */
package dev.telltale.destination.support;
