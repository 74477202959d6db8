package dev.telltale.servlet.spring;

import dev.telltale.integration.ApplicationRun;
import dev.telltale.integration.Diagnostics;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Spring Boot: starts Telltale from Spring's environment ({@code telltale.*} in
 * {@code application.properties}/yaml, profiles, command line) as soon as it is prepared, before
 * the context and its web server start, so that the filter the auto-configuration registers joins
 * that client; closes it with the context. The work is core's {@link ApplicationRun} (shared with
 * telltale-logback's listener); here only Spring's events are told apart. Registered in
 * {@code META-INF/spring.factories}; only Spring Boot ever loads it. Compiled against Boot 2.7,
 * using API unchanged in Boot 3 and 4.
 */
public final class TelltaleSpringListener implements ApplicationListener<ApplicationEvent>, Ordered {
    private static final Diagnostics DIAGNOSTICS = new Diagnostics(false);

    private final ApplicationRun run = new ApplicationRun(DIAGNOSTICS);

    @Override
    public int getOrder() {
        // Right after Boot's LoggingApplicationListener (HIGHEST_PRECEDENCE + 20) set up logging.
        return Ordered.HIGHEST_PRECEDENCE + 21;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        try {
            if (event instanceof ApplicationEnvironmentPreparedEvent) {
                ApplicationEnvironmentPreparedEvent e = (ApplicationEnvironmentPreparedEvent) event;
                run.start(
                        e.getEnvironment()::getProperty,
                        e.getSpringApplication().getMainApplicationClass());
            } else if (event instanceof ApplicationPreparedEvent) {
                run.prepared(((ApplicationPreparedEvent) event).getApplicationContext());
            } else if (event instanceof ContextClosedEvent) {
                // A child context's close reaches the parent's listeners too: only ours ends the run.
                run.closed(((ContextClosedEvent) event).getApplicationContext());
            } else if (event instanceof ApplicationFailedEvent) {
                // Boot logs "Application run failed" only after this event, and then the context
                // closes: the failure is reported here, while the client still runs.
                run.failed(((ApplicationFailedEvent) event).getException());
            }
        } catch (Throwable t) {
            DIAGNOSTICS.warnOnce(
                    "spring-listener",
                    "spring boot: " + t.getClass().getName() + " (reported once); Telltale may not report");
        }
    }
}
