package dev.telltale.internal.check;

import dev.telltale.destination.HttpResponse;
import dev.telltale.internal.json.JsonReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BugSnag's Data Access API v2 ({@code Authorization: token ...}, {@code X-Version: 2}, Link-header
 * pagination): the project's recent events with full reports, matched by the Telltale event id the
 * notify payload carries in {@code metaData.telltale.eventId} (or the canary's nonce in the
 * message). URI: {@code bugsnag-api://TOKEN@api.bugsnag.com/PROJECT_ID}.
 */
final class BugsnagReadBack extends ReadBack {
    private final String projectId;

    BugsnagReadBack(ReadApiUri api) {
        super(api);
        if (api.path.isEmpty()) {
            throw new IllegalArgumentException("bugsnag-api: the project id is missing (expected "
                    + "bugsnag-api://TOKEN@api.bugsnag.com/PROJECT_ID)");
        }
        this.projectId = api.segment(api.path.size() - 1);
    }

    @Override
    Map<String, String> bearer() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "token " + api.token);
        h.put("X-Version", "2");
        h.put("Accept", "application/json");
        return h;
    }

    @Override
    Sighting find(Canary canary, CheckHttp http) throws IOException, ReadFailure {
        String url = api.base(api.path.size() - 1) + "/projects/" + Urls.encode(projectId)
                + "/events?full_reports=true&per_page=30";
        for (int page = 0; page < MAX_PAGES && url != null; page++) {
            HttpResponse r = http.get(url, bearer());
            for (Object e : JsonReader.list(json(r, "BugSnag events"))) {
                if (isCanary(e, canary)) {
                    String error = JsonReader.str(e, "error_id");
                    String link = JsonReader.str(e, "html_url");
                    return new Sighting(error, link, topFrame(e));
                }
            }
            url = Urls.nextLink(r.header("Link"));
        }
        return null;
    }

    private static boolean isCanary(Object event, Canary canary) {
        if (canary.isEventId(JsonReader.str(event, "metaData", "telltale", "eventId"))) {
            return true;
        }
        for (Object x : JsonReader.list(event, "exceptions")) {
            if (canary.matches(JsonReader.str(x, "message"))) {
                return true;
            }
        }
        return false;
    }

    static String topFrame(Object event) {
        List<Object> xs = JsonReader.list(event, "exceptions");
        if (xs.isEmpty()) {
            return "";
        }
        List<Object> frames = JsonReader.list(xs.get(0), "stacktrace");
        if (frames.isEmpty()) {
            return "";
        }
        Object f = frames.get(0);
        String file = JsonReader.str(f, "file");
        String line = JsonReader.str(f, "lineNumber");
        String method = JsonReader.str(f, "method");
        return (file == null ? "<unknown>" : file)
                + (line == null ? "" : ":" + line)
                + (method == null ? "" : " in `" + method + "`")
                + (Boolean.TRUE.equals(JsonReader.at(f, "inProject")) ? " [in-app]" : " [external]");
    }

    @Override
    String notFoundHint() {
        return "(project " + projectId + "; BugSnag also answers 404 when the token's user cannot see the project)";
    }
}
