package dev.telltale.testkit;

import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.Mechanism;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.ScopeSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The two events of the fidelity note: PetClinic's crash page (a {@code ServletException} from
 * Spring's {@code FrameworkServlet} around the controller's {@code RuntimeException}, with the
 * frames a real Tomcat request has) and a message event captured from application code.
 */
public final class PetClinic {
    public static final String CAUSE = "Expected: controller used to showcase what happens when an exception is thrown";

    private PetClinic() {}

    static StackTraceElement f(String cls, String method, String file, int line) {
        return new StackTraceElement(cls, method, file, line);
    }

    /** The frames below the controller: Spring MVC, the servlet, Tomcat, a worker thread (outermost last). */
    static List<StackTraceElement> requestFrames() {
        List<StackTraceElement> s = new ArrayList<>();
        s.add(f("org.springframework.web.servlet.FrameworkServlet", "processRequest", "FrameworkServlet.java", 1022));
        s.add(f("org.springframework.web.servlet.FrameworkServlet", "doGet", "FrameworkServlet.java", 903));
        s.add(f("jakarta.servlet.http.HttpServlet", "service", "HttpServlet.java", 564));
        s.add(f("org.springframework.web.servlet.FrameworkServlet", "service", "FrameworkServlet.java", 885));
        s.add(f("jakarta.servlet.http.HttpServlet", "service", "HttpServlet.java", 658));
        s.add(f("org.apache.catalina.core.ApplicationFilterChain", "doFilter", "ApplicationFilterChain.java", 140));
        for (int i = 0; i < 30; i++) {
            s.add(f("org.apache.catalina.core.StandardWrapperValve", "invoke", "StandardWrapperValve.java", 100 + i));
        }
        s.add(f("org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker", "run", "ThreadPoolExecutor.java", 659));
        s.add(f("java.lang.Thread", "run", "Thread.java", 1583));
        return s;
    }

    /** The thrown chain: the servlet's wrapper (renamed below to the real type) around the controller's error. */
    public static Event crash() {
        RuntimeException cause = new RuntimeException(CAUSE);
        List<StackTraceElement> c = new ArrayList<>();
        c.add(f(
                "org.springframework.samples.petclinic.system.CrashController",
                "triggerException",
                "CrashController.java",
                36));
        c.add(f("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", "DirectMethodHandleAccessor.java", 103));
        c.add(f("java.lang.reflect.Method", "invoke", "Method.java", 580));
        c.add(f(
                "org.springframework.web.method.support.InvocableHandlerMethod",
                "doInvoke",
                "InvocableHandlerMethod.java",
                258));
        c.add(f("org.springframework.web.servlet.DispatcherServlet", "doDispatch", "DispatcherServlet.java", 1089));
        c.add(f("org.springframework.web.servlet.DispatcherServlet", "doService", "DispatcherServlet.java", 979));
        c.addAll(requestFrames());
        cause.setStackTrace(c.toArray(new StackTraceElement[0]));
        // The core's tests have no servlet API: a wrapper type stands in while processing, renamed below.
        Exception wrapper = new java.util.concurrent.ExecutionException(
                "Request processing failed: java.lang.RuntimeException: " + CAUSE, cause);
        wrapper.setStackTrace(requestFrames().toArray(new StackTraceElement[0]));
        PendingEvent p = new PendingEvent(
                "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                System.currentTimeMillis(),
                Level.ERROR,
                new Mechanism("servlet", false),
                wrapper,
                "",
                "",
                "",
                "http-nio-8080-exec-1",
                Collections.<String, String>emptyMap(),
                Collections.<String, String>emptyMap(),
                Collections.<String, Map<String, String>>emptyMap(),
                Collections.<String>emptyList(),
                ScopeSnapshot.EMPTY,
                null,
                42L);
        Event e = TestEvents.process(p, "org.springframework.samples");
        List<ExceptionInfo> xs = new ArrayList<>(e.exceptions());
        ExceptionInfo w = xs.get(0);
        xs.set(
                0,
                new ExceptionInfo(
                        w.id(),
                        w.parentId(),
                        w.relation(),
                        "jakarta.servlet.ServletException",
                        w.message(),
                        w.frames(),
                        w.framesOmitted(),
                        w.omittedAt(),
                        w.framesInCommon(),
                        w.causesOmitted()));
        return e.toBuilder().exceptions(xs).build();
    }

    /** {@code Telltale.captureMessage("Inventory low", WARNING)} called from {@code Inventory.check}. */
    public static Event message() {
        Throwable caller = new Throwable();
        List<StackTraceElement> s = new ArrayList<>();
        s.add(f("dev.telltale.TelltaleClient", "capture", "TelltaleClient.java", 190));
        s.add(f("dev.telltale.TelltaleClient", "captureMessage", "TelltaleClient.java", 160));
        s.add(f("dev.telltale.Telltale", "captureMessage", "Telltale.java", 80));
        s.add(f("org.springframework.samples.petclinic.owner.Inventory", "check", "Inventory.java", 88));
        s.add(f("org.springframework.samples.petclinic.owner.OwnerController", "show", "OwnerController.java", 120));
        s.addAll(requestFrames());
        caller.setStackTrace(s.toArray(new StackTraceElement[0]));
        PendingEvent p = new PendingEvent(
                "1a1b2c3d4e5f60718293a4b5c6d7e8f9",
                System.currentTimeMillis(),
                Level.WARNING,
                Mechanism.MANUAL,
                null,
                "Inventory low",
                "Inventory low",
                "",
                "http-nio-8080-exec-2",
                Collections.<String, String>emptyMap(),
                Collections.<String, String>emptyMap(),
                Collections.<String, Map<String, String>>emptyMap(),
                Collections.<String>emptyList(),
                ScopeSnapshot.EMPTY,
                caller,
                43L);
        return TestEvents.process(p, "org.springframework.samples");
    }
}
