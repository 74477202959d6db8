package dev.telltale.logback.spring;

import dev.telltale.TelltaleClient;
import dev.telltale.integration.ApplicationRun;
import dev.telltale.integration.Diagnostics;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Spring Boot: starts Telltale from Spring's environment ({@code telltale.*} in
 * {@code application.properties}/yaml) right after Boot configured logging, and adds a
 * {@code TelltaleAppender} to Logback's root logger (unless the application's
 * {@code logback-spring.xml} has one, or {@code telltale.logback.enabled=false}), so that ERROR
 * lines become events and lower lines breadcrumbs; removes it and closes the client with the
 * context. The client's part is core's {@link ApplicationRun} (shared with telltale-servlet's
 * listener). Registered in {@code META-INF/spring.factories}; only Spring Boot ever loads it; when
 * Logback is not the application's logging, it only starts the client. Compiled against Boot 2.7,
 * using API unchanged in Boot 3 and 4.
 */
public final class TelltaleSpringListener implements ApplicationListener<ApplicationEvent>, Ordered {
    /** {@code false} keeps the appender out of Logback (the client still starts). */
    public static final String ENABLED = "telltale.logback.enabled";

    private static final Diagnostics DIAGNOSTICS = new Diagnostics(false);

    private final ApplicationRun run = new ApplicationRun(DIAGNOSTICS);

    @Override
    public int getOrder() {
        // Right after Boot's LoggingApplicationListener (HIGHEST_PRECEDENCE + 20) reset Logback.
        return Ordered.HIGHEST_PRECEDENCE + 21;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        try {
            if (event instanceof ApplicationEnvironmentPreparedEvent) {
                ApplicationEnvironmentPreparedEvent e = (ApplicationEnvironmentPreparedEvent) event;
                start(e.getEnvironment(), e.getSpringApplication().getMainApplicationClass());
            } else if (event instanceof ApplicationPreparedEvent) {
                run.prepared(((ApplicationPreparedEvent) event).getApplicationContext());
            } else if (event instanceof ContextClosedEvent) {
                run.closed(((ContextClosedEvent) event).getApplicationContext()); // the appender leaves first
            } else if (event instanceof ApplicationFailedEvent) {
                // Reported while the client still runs (Boot logs "Application run failed" after this event).
                run.failed(((ApplicationFailedEvent) event).getException());
            }
        } catch (Throwable t) {
            DIAGNOSTICS.warnOnce(
                    "spring-logback-listener",
                    "spring boot: " + t.getClass().getName() + " (reported once); log lines may not be reported");
        }
    }

    private void start(Environment env, Class<?> mainApplicationClass) {
        TelltaleClient client = run.start(env::getProperty, mainApplicationClass);
        if (client != null
                && client.isEnabled()
                && logbackPresent()
                && !"false"
                        .equalsIgnoreCase(
                                String.valueOf(env.getProperty(ENABLED, "true")).trim())) {
            final RootAppender attached = RootAppender.attach(); // a class of its own: loaded only with Logback present
            if (attached != null) {
                run.beforeRelease(attached::detach);
            }
        }
    }

    private static boolean logbackPresent() {
        try {
            Class.forName("ch.qos.logback.classic.LoggerContext", false, TelltaleSpringListener.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
