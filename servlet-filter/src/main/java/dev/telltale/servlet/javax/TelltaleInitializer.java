package dev.telltale.servlet.javax;
// Written once for both servlet namespaces: the build derives the jakarta copy from this file (see pom.xml).

import dev.telltale.integration.Diagnostics;
import dev.telltale.servlet.internal.FilterSettings;
import java.util.EnumSet;
import java.util.Set;
import javax.servlet.DispatcherType;
import javax.servlet.FilterRegistration;
import javax.servlet.ServletContainerInitializer;
import javax.servlet.ServletContext;

/**
 * Adds {@link TelltaleFilter} in front of every request of a {@code javax.servlet} application,
 * unless the context parameter {@code telltale.servlet.auto-register} is {@code false} or a filter
 * named {@value #FILTER_NAME} is already declared.
 */
public final class TelltaleInitializer implements ServletContainerInitializer {
    public static final String FILTER_NAME = "telltale";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        try {
            if (!FilterSettings.autoRegister(context.getInitParameter(FilterSettings.AUTO_REGISTER))) {
                return;
            }
            FilterRegistration.Dynamic r = context.addFilter(FILTER_NAME, TelltaleFilter.class);
            if (r == null) {
                return; // declared by the application already
            }
            r.setAsyncSupported(true);
            // Before the application's own filters, so that their failures are seen too.
            r.addMappingForUrlPatterns(
                    EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR), false, "/*");
        } catch (RuntimeException | LinkageError e) {
            new Diagnostics(false)
                    .warn("servlet filter not registered: " + e.getClass().getName());
        }
    }
}
