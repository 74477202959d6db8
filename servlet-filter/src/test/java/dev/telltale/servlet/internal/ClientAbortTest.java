package dev.telltale.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.catalina.connector.ClientAbortException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

/** The containers' own client-abort exceptions (the filter knows them by name only) against look-alikes. */
class ClientAbortTest {
    @Test
    void containersClientAbortExceptionsAreRecognisedAlsoWhenWrapped() {
        assertTrue(RequestTracker.isClientAbort(new EofException("Connection reset by peer")));
        assertTrue(RequestTracker.isClientAbort(new ClientAbortException("Broken pipe")));
        assertTrue(RequestTracker.isClientAbort(new RuntimeException("wrapped", new EofException("Closed"))));
    }

    @Test
    void applicationIOFailuresAreNot() {
        assertFalse(RequestTracker.isClientAbort(new IOException("disk full")));
        // The application's own call to a backend that hung up is the application's failure.
        assertFalse(RequestTracker.isClientAbort(new IOException("Connection reset by peer")));
        assertFalse(RequestTracker.isClientAbort(new java.io.EOFException("truncated file")));
    }

    @Test
    void anExceptionThatThrowsWhenAskedIsNotAnAbort() {
        RuntimeException hostile = new RuntimeException() {
            @Override
            public synchronized Throwable getCause() {
                throw new IllegalStateException("hostile");
            }
        };
        assertFalse(RequestTracker.isClientAbort(hostile));
    }

    @Test
    void aCauseCycleEnds() {
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b);
        assertFalse(RequestTracker.isClientAbort(a));
    }
}
