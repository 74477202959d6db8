package dev.telltale.logback.spring;

import dev.telltale.Capture;
import dev.telltale.Level;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.SharedClient;
import dev.telltale.processing.InAppDetector;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationContext;
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
 * context. Registered in {@code META-INF/spring.factories}; only Spring Boot ever loads it; when
 * Logback is not the application's logging, it only starts the client. Compiled against Boot 2.7,
 * using API unchanged in Boot 3 and 4.
 */
public final class TelltaleSpringListener implements ApplicationListener<ApplicationEvent>, Ordered {
    /** {@code false} keeps the appender out of Logback (the client still starts). */
    public static final String ENABLED = "telltale.logback.enabled";

    /** Mechanism of the event for an application that failed to start. */
    static final String MECHANISM = "spring-boot";
    private static final Diagnostics DIAGNOSTICS = new Diagnostics(false);

    private SharedClient.Lease lease;
    private Object attached; // a RootAppender when one was added
    private ApplicationContext context;

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
                context = ((ApplicationPreparedEvent) event).getApplicationContext();
            } else if (event instanceof ContextClosedEvent) {
                if (((ContextClosedEvent) event).getApplicationContext() == context) {
                    stop();
                }
            } else if (event instanceof ApplicationFailedEvent) {
                // Boot logs "Application run failed" only after this event, and then the context
                // closes: the failure is reported here, while the client still runs.
                failed(((ApplicationFailedEvent) event).getException());
                stop();
            }
        } catch (Throwable t) {
            DIAGNOSTICS.warnOnce("spring-logback-listener", "spring boot: " + t.getClass().getName()
                    + " (reported once); log lines may not be reported");
        }
    }

    private synchronized void start(Environment env, Class<?> mainApplicationClass) {
        if (lease != null) {
            return;
        }
        if (mainApplicationClass != null && mainApplicationClass.getPackage() != null) {
            InAppDetector.addApplicationPackage(mainApplicationClass.getPackage().getName());
        }
        lease = SharedClient.acquire(SharedClient.options(env::getProperty));
        String wanted = env.getProperty("telltale.destinations");
        if (!lease.startedHere() && lease.client().isEnabled() && wanted != null && !wanted.trim().isEmpty()
                && !lease.client().settings().destinations().toString().replace(" ", "").contains(wanted.trim().replace(" ", ""))) {
            // Started before Spring's environment was ready: a TelltaleAppender in the Logback configuration, or code.
            DIAGNOSTICS.warnOnce("spring-env-ignored", "spring boot: Telltale was started before Spring's environment was"
                    + " ready (a TelltaleAppender in the Logback configuration, or Telltale.init); telltale.* from"
                    + " Spring's environment are not applied to it");
        }
        if (!"false".equalsIgnoreCase(String.valueOf(env.getProperty(ENABLED, "true")).trim())
                && lease.client().isEnabled() && logbackPresent()) {
            attached = RootAppender.attach(); // a class of its own: loaded only with Logback present
        }
    }

    /** The application did not start: one fatal event (the other listener's capture of it is a duplicate). */
    private synchronized void failed(Throwable t) {
        if (lease != null && t != null) {
            lease.client().capture(Capture.exception(t).mechanism(MECHANISM, false).level(Level.FATAL));
        }
    }

    private synchronized void stop() {
        SharedClient.Lease l = lease;
        Object a = attached;
        lease = null;
        attached = null;
        context = null;
        if (a != null) {
            ((RootAppender) a).detach();
        }
        if (l != null) {
            l.release();
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
