/**
 * The supported entry point for integrations: what Telltale's own Logback appender, servlet filter
 * and agent use beyond the public API of {@code dev.telltale}, and what a third-party integration may
 * use too. Covered by the API check like {@code dev.telltale}; nothing outside core imports
 * {@code dev.telltale.internal}.
 *
 * <ul>
 *   <li>{@link dev.telltale.integration.Diagnostics}: Telltale's own {@code telltale:} lines on the
 *       original stderr, never the application's logging.</li>
 *   <li>{@link dev.telltale.integration.Reentrancy}: whether this thread runs Telltale code (then a
 *       log line or hook must not be captured), and counting what an integration refuses for that.</li>
 *   <li>{@link dev.telltale.integration.SharedClient}: one client leased by every integration of a
 *       class loader (started by the first, closed by the last; an application's own is never closed).</li>
 *   <li>{@link dev.telltale.integration.ApplicationRun}: a framework start-up listener's lease on that
 *       client (Spring Boot's listeners in telltale-servlet and telltale-logback), free of the framework.</li>
 *   <li>{@link dev.telltale.integration.SessionJourneys}: the recent actions of each HTTP session, for
 *       the journey of a request's event (the servlet filter and the agent's servlet hook).</li>
 *   <li>{@link dev.telltale.integration.Strings}, {@link dev.telltale.integration.MessageTemplate}:
 *       cleaning outside values and telling which log arguments core formats as SLF4J does.</li>
 * </ul>
 */
package dev.telltale.integration;
