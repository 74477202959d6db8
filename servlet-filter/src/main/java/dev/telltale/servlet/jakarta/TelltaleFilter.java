package dev.telltale.servlet.jakarta;
// The javax filter with the names replaced; JakartaTwinTest fails when the two drift apart.

import dev.telltale.TelltaleClient;
import dev.telltale.integration.SharedClient;
import dev.telltale.servlet.internal.FilterSettings;
import dev.telltale.servlet.internal.FilterStart;
import dev.telltale.servlet.internal.RequestTracker;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Reports what goes wrong in requests of a {@code jakarta.servlet} application, with the request and
 * the session's journey. Added to every request by {@link TelltaleInitializer}; may also be
 * registered by hand (web.xml, a filter registration bean); registered twice it still reports once.
 *
 * <p>Init-parameters (or context parameters): {@code telltale.servlet.capture-server-errors},
 * {@code telltale.servlet.journey.max-sessions}, {@code telltale.servlet.journey.max-actions}.
 */
public final class TelltaleFilter implements Filter {
    private final TelltaleClient client;
    private volatile RequestTracker tracker;
    /** This filter's use of the shared client (none with a client of its own). */
    private volatile SharedClient.Lease lease;

    /**
     * Reports to the client behind {@link dev.telltale.Telltale}; when none runs as the container
     * starts the filter, starts one from the usual sources (system properties, environment,
     * {@code telltale.properties}), shared with the Logback appender and the facade, and closes it
     * when the container destroys the filter (unless another integration still uses it).
     */
    public TelltaleFilter() {
        this(null);
    }

    /** Reports to {@code client} (dependency injection). */
    public TelltaleFilter(TelltaleClient client) {
        this.client = client;
        this.tracker = new RequestTracker(client, FilterSettings.defaults());
    }

    @Override
    public void init(FilterConfig config) {
        if (client == null && lease == null) {
            lease = FilterStart.begin(path -> config.getServletContext().getResourcePaths(path));
        }
        try {
            tracker = new RequestTracker(
                    client,
                    FilterSettings.read(
                            config::getInitParameter,
                            name -> config.getServletContext().getInitParameter(name)));
        } catch (RuntimeException e) {
            // keep the defaults: a bad configuration must not stop the application
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        RequestTracker.Pass pass = req instanceof HttpServletRequest && res instanceof HttpServletResponse
                ? tracker.enter(new JakartaExchange((HttpServletRequest) req, (HttpServletResponse) res))
                : null;
        if (pass == null) {
            chain.doFilter(req, res);
            return;
        }
        try {
            chain.doFilter(req, res);
        } catch (Throwable t) {
            // Everything, also checked exceptions thrown sneakily; the compiler knows only IOException
            // and ServletException can arrive here, so t leaves exactly as it came.
            pass.failed(t);
            throw t;
        } finally {
            pass.exit();
        }
    }

    @Override
    public void destroy() {
        SharedClient.Lease l = lease;
        lease = null;
        FilterStart.end(l);
    }

    /**
     * Runs {@code task} in the scope of {@code request}: use it for the part of an asynchronous
     * request that runs on another thread ({@code asyncContext.start(TelltaleFilter.wrap(req, task))}).
     */
    public static Runnable wrap(ServletRequest request, Runnable task) {
        return request == null ? task : RequestTracker.wrap(request.getAttribute(RequestTracker.STATE_ATTRIBUTE), task);
    }
}
