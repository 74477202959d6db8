/**
 * Sentry, self-hosted Sentry and Bugsink through a DSN ({@code http(s)://PUBLIC_KEY@HOST[:PORT]/[PREFIX/]PROJECT_ID}).
 *
 * <p>Wire: one envelope per event ({@code event_id}, {@code sent_at}, {@code sdk}, {@code dsn} header;
 * exactly one {@code event} item with {@code type} and {@code length}), POSTed gzipped (never zlib
 * deflate, which Bugsink reads as raw deflate) to {@code {prefix}/api/{project}/envelope/} with
 * {@code X-Sentry-Auth: Sentry sentry_version=7, sentry_client=telltale-java/VERSION, sentry_key=KEY}.
 *
 * <p>Decisions:
 * <ul>
 *   <li>The stored payload carries no key at all: {@code sent_at} and {@code dsn} are spliced into the
 *       envelope header at send time. The header's {@code dsn} has the public key (Sentry treats it as
 *       public: browsers ship it) but never the secret, which goes only into {@code X-Sentry-Auth}.</li>
 *   <li>Shapes follow the Sentry event schema (sentry-data-schemas), not the Java SDK's own output:
 *       {@code breadcrumbs} as {@code {"values": [...]}} and the message as {@code logentry}. Sentry and
 *       Bugsink accept both forms; the Java SDK's reader knows only the list form of breadcrumbs.</li>
 *   <li>Exceptions: root cause first, thrown last; {@code exception_id} 0 for the last value counting up
 *       towards the first, {@code parent_id} pointing at the parent; causes {@code chained}, suppressed
 *       exceptions {@code suppressed} (with {@code source}); frames cut from a deep stack are counted in
 *       {@code mechanism.data.frames_omitted} rather than as a fake frame, which would change grouping.</li>
 *   <li>Limits: envelope at most 1,000,000 bytes (Bugsink: event item 1 MiB); logger names cut to their
 *       last 64 characters (Bugsink's column); tag keys to 32 safe characters, values to 200 without
 *       newlines (Sentry discards others).</li>
 * </ul>
 *
 * <p>Also sent: {@code threads} with the event's one thread (id, name, current, crashed; a message
 * event's caller stack as its {@code stacktrace}) and the lead exception's {@code thread_id};
 * {@code contexts.thread} (backends render a thread list only beside other threads);
 * {@code contexts.trace} when an OpenTelemetry span was current; {@code sdk.integrations} and
 * {@code packages}; frames' {@code pre_context}/{@code context_line}/{@code post_context} with
 * {@code source-roots}; a client-side {@code fingerprint}. Wrappers above the lead exception are
 * left out of {@code exception.values} (named in its {@code mechanism.data.wrapped_by}).
 *
 * <p>Client reports, as the official SDK sends them: what the client dropped since the last report
 * the server accepted (its {@code TelltaleStats}, mapped to Sentry's discard reasons, category
 * {@code error}) rides as a {@code client_report} item on the next envelope to that DSN; what is still
 * pending at close goes in an envelope of its own (category {@code internal}, not counted as sent).
 * Drops counted after close began ({@code SHUTDOWN}) are not reported.
 *
 * <p>Sent by the official Java SDK but not by Telltale: {@code modules} (a classpath scan: cost and
 * disclosure for no grouping value); every thread's stack ({@code attachThreads}: walking every
 * thread is not cheap); the envelope's {@code trace} header (no tracing of its own); sessions
 * unless {@code ?sessions=true}; the frame key
 * {@code native} (not in the schema); the top-level {@code message} (sent as {@code logentry}).
 */
package dev.telltale.destination.sentry;
