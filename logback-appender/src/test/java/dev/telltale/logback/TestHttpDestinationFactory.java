package dev.telltale.logback;

import dev.telltale.testkit.LoopbackDestinationFactory;
import org.slf4j.LoggerFactory;

/**
 * The kit's loopback backend; with {@code ?chatty} it also logs every delivery through SLF4J, as a
 * third-party HTTP library inside a real backend might, to prove that such logging does not loop.
 */
public final class TestHttpDestinationFactory extends LoopbackDestinationFactory {
    @Override
    protected void delivered(String url, int status) {
        LoggerFactory.getLogger("thirdparty.http").error("POST {} answered {}", url, status);
    }
}
