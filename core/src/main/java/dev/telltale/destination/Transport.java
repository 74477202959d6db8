package dev.telltale.destination;

import java.io.IOException;
import java.util.Map;

/**
 * The HTTP client the pipeline lends to destinations: timeouts, proxy, gzip and TLS are its
 * business, not theirs. An {@link IOException} means the request may not have reached the server
 * (connection refused or reset, timeout, malformed reply) and is retried by the pipeline.
 */
public interface Transport {
    /**
     * Sends one POST.
     *
     * @param url     absolute http(s) URL
     * @param headers request headers (Content-Type included); Content-Encoding is added when gzipping
     * @param body    uncompressed body
     * @param gzip    whether to gzip the body
     */
    HttpResponse post(String url, Map<String, String> headers, byte[] body, boolean gzip) throws IOException;
}
