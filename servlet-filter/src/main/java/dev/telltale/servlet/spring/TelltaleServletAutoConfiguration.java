package dev.telltale.servlet.spring;

import java.lang.reflect.Method;
import java.util.EnumSet;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Spring Boot: puts the {@code TelltaleFilter} of the application's servlet namespace (javax for
 * Boot 2, jakarta for Boot 3 and 4) in front of every request: first in the chain (after Boot's
 * character-encoding filter), for REQUEST, ASYNC and ERROR dispatches. Boot's embedded containers
 * never run a library's {@code ServletContainerInitializer}, so without this the filter would not
 * be there. Listed in {@code AutoConfiguration.imports} (Boot 2.7+) and {@code spring.factories}
 * (older); excluded like any auto-configuration.
 *
 * <p>Compiled against Boot 2.7: {@code FilterRegistrationBean}'s filter and dispatcher types are
 * set by name, since their parameter types are javax in Boot 2 and jakarta in Boot 3 and 4.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class TelltaleServletAutoConfiguration {
    /** The bean's name: an application that defines a bean of this name replaces it. */
    public static final String BEAN_NAME = "telltaleFilterRegistration";

    @Bean(name = BEAN_NAME)
    @SuppressWarnings({"rawtypes", "unchecked"})
    public FilterRegistrationBean telltaleFilterRegistration() throws ReflectiveOperationException {
        FilterRegistrationBean r = new FilterRegistrationBean();
        Method setFilter = method(r.getClass(), "setFilter");
        String ns = setFilter.getParameterTypes()[0].getName().startsWith("jakarta.") ? "jakarta" : "javax";
        ClassLoader loader = TelltaleServletAutoConfiguration.class.getClassLoader();
        Object filter = Class.forName("dev.telltale.servlet." + ns + ".TelltaleFilter", true, loader)
                .getConstructor()
                .newInstance();
        setFilter.invoke(r, filter);
        Class<? extends Enum> dispatcherType =
                (Class<? extends Enum>) Class.forName(ns + ".servlet.DispatcherType", true, loader);
        EnumSet types = EnumSet.noneOf(dispatcherType);
        types.add(Enum.valueOf(dispatcherType, "REQUEST"));
        types.add(Enum.valueOf(dispatcherType, "ASYNC"));
        types.add(Enum.valueOf(dispatcherType, "ERROR"));
        r.getClass().getMethod("setDispatcherTypes", EnumSet.class).invoke(r, types);
        r.setName("telltale");
        r.setAsyncSupported(true);
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return r;
    }

    private static Method method(Class<?> type, String name) throws NoSuchMethodException {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1 && !m.isBridge()) {
                return m;
            }
        }
        throw new NoSuchMethodException(name);
    }
}
