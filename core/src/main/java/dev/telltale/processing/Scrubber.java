package dev.telltale.processing;

import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.User;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.Journey;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.RequestInfo;
import dev.telltale.internal.util.Strings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last step before encoding: secrets never leave the process, and personal data only with
 * {@code send-default-pii}. Sensitive headers are removed; values under sensitive keys (in the
 * query string, tags, extra, contexts, breadcrumb data) become {@value #FILTERED}; credentials inside
 * free text (URLs with a password, {@code Bearer ...}, {@code password=...}) are masked.
 */
public final class Scrubber {
    public static final String FILTERED = "[Filtered]";

    private static final Pattern SENSITIVE_KEY = Pattern.compile(
            "(?i).*(passw|pwd|secret|token|api[-_]?key|apikey|auth|credential|cookie|session[-_]?id|sessionid|csrf|xsrf"
                    + "|private[-_]?key|signature|jwt|card[-_]?number|cvv|ssn).*|(?i)(x-amz-)?sig|session");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^:/@\\s]+):[^@/\\s]+@");
    /** A URL's user part without a password ({@code https://TOKEN@host}) is a token: masked whole. */
    private static final Pattern URL_TOKEN = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^:/@\\s?#]+@");

    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");
    /** A header line inside text: {@code Authorization: Token X}, {@code Cookie: sessionid=X; csrftoken=Y}. */
    private static final Pattern HEADER_LINE = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization|(?:set-)?cookie|x-api-key|x-amz-security-token)(\"?\\s*[:=]\\s*)[^\\r\\n\"]+");
    // The key may carry a prefix (DB_PASSWORD, api_token, refresh_token) and quotes (JSON, YAML);
    // matching starts only where a key can start, so a long word costs linear time.
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[-_]?key|apikey|signature"
                    + "|credential|jwt|session[-_]?id|sessionid|sig)s?)"
                    + "([\"']?\\s*[=:]\\s*[\"']?)([^\\s&,;\"']+)");

    private final boolean sendDefaultPii;

    public Scrubber(boolean sendDefaultPii) {
        this.sendDefaultPii = sendDefaultPii;
    }

    public static boolean isSensitiveKey(String key) {
        return key != null && SENSITIVE_KEY.matcher(key).matches();
    }

    /** Header names removed unless personal data may be sent. */
    public static boolean isSensitiveHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("authorization")
                || n.equals("proxy-authorization")
                || n.equals("cookie")
                || n.equals("set-cookie")
                || n.equals("x-api-key")
                || n.startsWith("proxy-")
                || n.contains("csrf")
                || n.contains("xsrf")
                || n.equals("x-forwarded-for")
                || n.equals("x-real-ip")
                || isSensitiveKey(n);
    }

    /** Masks credentials found in free text (and replaces lone surrogates a callback may have put there). */
    public static String scrubText(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        String out = clean(s);
        if (out.indexOf("://") >= 0) {
            out = URL_PASSWORD.matcher(out).replaceAll("$1:" + Matcher.quoteReplacement(FILTERED) + "@");
            out = URL_TOKEN.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(FILTERED) + "@");
        }
        out = HEADER_LINE.matcher(out).replaceAll("$1$2" + Matcher.quoteReplacement(FILTERED));
        out = BEARER.matcher(out).replaceAll("$1 " + Matcher.quoteReplacement(FILTERED));
        out = KEY_VALUE.matcher(out).replaceAll("$1$2" + Matcher.quoteReplacement(FILTERED));
        return out;
    }

    /**
     * Lone surrogates replaced, nothing cut: the pipeline cleaned every string before
     * {@code beforeSend}, but what the application's callback sets is taken as given. Returns the
     * same instance when clean.
     */
    private static String clean(String s) {
        return Strings.clean(s, Integer.MAX_VALUE);
    }

    public Event apply(Event event) {
        Event.Builder b = event.toBuilder();
        b.message(scrubText(event.messageTemplate()), scrubText(event.message()));
        b.user(scrub(event.user()));
        b.logger(clean(event.logger()))
                .threadName(clean(event.threadName()))
                .release(clean(event.release()))
                .environment(clean(event.environment()))
                .serverName(clean(event.serverName()));
        List<String> fingerprint = new ArrayList<>(event.fingerprint().size());
        for (String f : event.fingerprint()) {
            fingerprint.add(scrubText(f)); // the client-side fingerprint quotes the (normalised) message
        }
        b.fingerprint(fingerprint);
        List<ExceptionInfo> exceptions = new ArrayList<>(event.exceptions().size());
        for (ExceptionInfo e : event.exceptions()) {
            String m = scrubText(e.message());
            ExceptionInfo x = m.equals(e.message()) ? e : e.withMessage(m);
            String type = clean(x.type());
            exceptions.add(
                    type == x.type()
                            ? x
                            : new ExceptionInfo(
                                    x.id(),
                                    x.parentId(),
                                    x.relation(),
                                    type,
                                    x.message(),
                                    x.frames(),
                                    x.framesOmitted(),
                                    x.omittedAt(),
                                    x.framesInCommon(),
                                    x.causesOmitted()));
        }
        b.exceptions(exceptions);
        List<Breadcrumb> crumbs = new ArrayList<>(event.breadcrumbs().size());
        for (Breadcrumb c : event.breadcrumbs()) {
            crumbs.add(scrub(c));
        }
        b.breadcrumbs(crumbs);
        b.tags(scrubMap(event.tags()));
        b.extras(scrubMap(event.extra()));
        Map<String, Map<String, String>> contexts = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : event.contexts().entrySet()) {
            contexts.put(clean(e.getKey()), scrubMap(e.getValue()));
        }
        b.contexts(contexts);
        b.request(scrub(event.request()));
        List<JourneyAction> actions =
                new ArrayList<>(event.journey().recentActions().size());
        for (JourneyAction a : event.journey().recentActions()) {
            String summary = scrubText(a.summary());
            actions.add(
                    summary.equals(a.summary()) ? a : new JourneyAction(a.id(), a.source(), summary, a.timestamp()));
        }
        b.journey(new Journey(event.journey().sessionStartedAt(), actions));
        return b.build();
    }

    /** Data under a sensitive key is filtered; id, name and email are the application's choice to send. */
    private static User scrub(User u) {
        if (u == null || u.data().isEmpty()) {
            return u;
        }
        Map<String, String> data = scrubMap(u.data());
        if (data.equals(u.data())) {
            return u;
        }
        User.Builder b = User.builder()
                .id(u.id())
                .username(u.username())
                .email(u.email())
                .ipAddress(u.ipAddress());
        for (Map.Entry<String, String> e : data.entrySet()) {
            b.data(e.getKey(), e.getValue());
        }
        return b.build();
    }

    private Breadcrumb scrub(Breadcrumb c) {
        String message = scrubText(c.message());
        boolean dataSensitive = false;
        for (Map.Entry<String, String> e : c.data().entrySet()) {
            if (isSensitiveKey(e.getKey()) || !scrubText(e.getValue()).equals(e.getValue())) {
                dataSensitive = true;
                break;
            }
        }
        if (message.equals(c.message()) && !dataSensitive) {
            return c;
        }
        return Breadcrumb.builder()
                .timestamp(c.timestamp())
                .type(c.type())
                .category(c.category())
                .level(c.level())
                .message(message)
                .data(scrubMap(c.data()))
                .build();
    }

    static Map<String, String> scrubMap(Map<String, String> m) {
        if (m.isEmpty()) {
            return m;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            out.put(clean(e.getKey()), isSensitiveKey(e.getKey()) ? FILTERED : scrubText(e.getValue()));
        }
        return out;
    }

    private RequestInfo scrub(RequestInfo r) {
        if (r.isEmpty()) {
            return r;
        }
        RequestInfo.Builder b = r.toBuilder();
        b.url(scrubText(r.url()));
        b.queryString(scrubQuery(clean(r.queryString())));
        b.method(clean(r.method())).route(clean(r.route()));
        if (sendDefaultPii) {
            b.clientAddress(clean(r.clientAddress())).userPrincipal(clean(r.userPrincipal()));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : r.headers().entrySet()) {
            if (isSensitiveHeader(e.getKey())) {
                if (sendDefaultPii) {
                    headers.put(clean(e.getKey()), clean(e.getValue()));
                }
            } else {
                headers.put(clean(e.getKey()), scrubText(e.getValue()));
            }
        }
        b.headers(headers);
        if (!sendDefaultPii) {
            b.clientAddress("").userPrincipal("");
        }
        return b.build();
    }

    /** {@code a=1&token=xyz} becomes {@code a=1&token=[Filtered]}. */
    public static String scrubQuery(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (eq >= 0 && isSensitiveKey(name)) {
                out.append(name).append('=').append(FILTERED);
            } else {
                out.append(pair);
            }
        }
        return out.toString();
    }
}
