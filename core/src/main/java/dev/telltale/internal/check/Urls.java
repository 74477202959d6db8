package dev.telltale.internal.check;

import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;

/** Query and path encoding for read-API URLs. */
final class Urls {
    private Urls() {}

    static String encode(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8").replace("+", "%20");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URL of {@code rel="next"} in a Link header (RFC 8288, as BugSnag and Sentry send it), or null. */
    static String nextLink(String link) {
        if (link == null) {
            return null;
        }
        for (String part : link.split(",(?=\\s*<)")) {
            int lt = part.indexOf('<');
            int gt = part.indexOf('>');
            if (lt < 0 || gt < lt) {
                continue;
            }
            String params = part.substring(gt + 1).replace(" ", "");
            if (params.contains("rel=\"next\"") || params.contains("rel=next")) {
                // Sentry always sends a next link and says results="false" when there are none
                if (params.contains("results=\"false\"")) {
                    return null;
                }
                return part.substring(lt + 1, gt).trim();
            }
        }
        return null;
    }
}
