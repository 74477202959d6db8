package dev.telltale.internal.check;

import dev.telltale.destination.HttpResponse;
import dev.telltale.internal.json.Json;
import dev.telltale.internal.json.JsonReader;
import java.io.IOException;
import java.util.List;

/**
 * Sentry's web API ({@code /api/0/}, bearer token, Link-header cursors): the project's recent
 * events (matched by {@code eventID}, which is the id the envelope carried), then that event for
 * its issue ({@code groupID}) and its top frame (the last frame of the last exception).
 * URI: {@code sentry-api://TOKEN@HOST[/PREFIX]/ORG/PROJECT}.
 */
final class SentryReadBack extends ReadBack {
    private final String org;
    private final String project;
    private final String root;

    SentryReadBack(ReadApiUri api) {
        super(api);
        int n = api.path.size();
        if (n < 2) {
            throw new IllegalArgumentException("sentry-api: the organization and project are missing (expected "
                    + "sentry-api://TOKEN@HOST/ORG/PROJECT)");
        }
        this.org = api.segment(n - 2);
        this.project = api.segment(n - 1);
        this.root = api.base(n - 2) + "/api/0";
    }

    @Override
    Sighting find(Canary canary, CheckHttp http) throws IOException, ReadFailure {
        String url = root + "/projects/" + Urls.encode(org) + "/" + Urls.encode(project) + "/events/";
        for (int page = 0; page < MAX_PAGES && url != null; page++) {
            HttpResponse r = http.get(url, bearer());
            for (Object e : JsonReader.list(json(r, "Sentry events"))) {
                if (canary.isEventId(JsonReader.str(e, "eventID")) || canary.isEventId(JsonReader.str(e, "id"))) {
                    String group = JsonReader.str(e, "groupID");
                    String top = topFrame(http, canary);
                    return new Sighting(
                            group,
                            group == null
                                    ? ""
                                    : api.base(api.path.size() - 2) + "/organizations/" + org + "/issues/" + group
                                            + "/",
                            top);
                }
            }
            url = Urls.nextLink(r.header("Link"));
        }
        return null;
    }

    private String topFrame(CheckHttp http, Canary canary) throws IOException, ReadFailure {
        Object event = json(
                http.get(
                        root + "/projects/" + Urls.encode(org) + "/" + Urls.encode(project) + "/events/"
                                + canary.eventId + "/",
                        bearer()),
                "Sentry event");
        for (Object entry : JsonReader.list(event, "entries")) {
            if (!"exception".equals(JsonReader.str(entry, "type"))) {
                continue;
            }
            List<Object> values = JsonReader.list(entry, "data", "values");
            if (values.isEmpty()) {
                continue;
            }
            List<Object> frames = JsonReader.list(values.get(values.size() - 1), "stacktrace", "frames");
            if (!frames.isEmpty()) {
                return render(frames.get(frames.size() - 1));
            }
        }
        return "";
    }

    /** As Bugsink renders a frame heading: {@code File.java:12 in `method` [in-app]}. */
    static String render(Object frame) {
        String file = JsonReader.str(frame, "filename");
        String line = JsonReader.str(frame, "lineNo");
        if (line == null) {
            line = JsonReader.str(frame, "lineno");
        }
        String fn = JsonReader.str(frame, "function");
        String module = JsonReader.str(frame, "module");
        Object inApp = JsonReader.at(frame, "inApp");
        if (inApp == null) {
            inApp = JsonReader.at(frame, "in_app");
        }
        return (file == null ? "<unknown>" : file)
                + (line == null ? "" : ":" + line)
                + (fn == null ? "" : " in `" + (module == null ? "" : module + ".") + fn + "`")
                + (Boolean.TRUE.equals(inApp) ? " [in-app]" : " [external]");
    }

    String releaseKey() {
        return api.toString();
    }

    /** {@code POST /organizations/ORG/releases/}: 201 registered, 208 already there. @return what happened */
    String registerRelease(String version, CheckHttp http) throws IOException, ReadFailure {
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("version", version);
            g.writeArrayFieldStart("projects");
            g.writeString(project);
            g.writeEndArray();
            g.writeEndObject();
        });
        HttpResponse r = http.postJson(root + "/organizations/" + Urls.encode(org) + "/releases/", bearer(), body);
        ok(r, "Sentry release");
        return r.status() == 208 ? "already known" : "registered";
    }

    @Override
    String notFoundHint() {
        return "(organization '" + org + "', project '" + project + "')";
    }
}
