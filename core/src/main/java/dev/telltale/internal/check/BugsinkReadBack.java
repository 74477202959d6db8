package dev.telltale.internal.check;

import dev.telltale.internal.json.Json;
import dev.telltale.internal.json.JsonReader;
import java.io.IOException;

/**
 * Bugsink's REST API ({@code /api/canonical/0/}, bearer token, cursor pagination): the project's
 * issues by last seen, each issue's events (matched by {@code event_id}), then the event's stack
 * trace as Markdown, whose first frame heading ({@code ### File.java:12 in `method` [in-app]}) is
 * the top frame.
 */
final class BugsinkReadBack extends ReadBack {
    /** Issues looked into per look: the canary's issue was seen last, so it is among the first. */
    static final int MAX_ISSUES = 5;

    private final String project;

    BugsinkReadBack(ReadApiUri api, String dsnProject) {
        super(api);
        this.project = api.query.containsKey("project") ? api.query.get("project") : dsnProject;
    }

    private String root() {
        return api.base(api.path.size()) + "/api/canonical/0";
    }

    @Override
    String describe() {
        return api + " project " + project;
    }

    @Override
    Sighting find(Canary canary, CheckHttp http) throws IOException, ReadFailure {
        String url = root() + "/issues/?project=" + Urls.encode(project) + "&sort=last_seen&order=desc";
        int issues = 0;
        for (int page = 0; page < MAX_PAGES && url != null && issues < MAX_ISSUES; page++) {
            Object list = json(http.get(url, bearer()), "Bugsink issues");
            for (Object issue : JsonReader.list(list, "results")) {
                if (issues++ >= MAX_ISSUES) {
                    break;
                }
                String issueId = JsonReader.str(issue, "id");
                if (issueId == null) {
                    continue;
                }
                String eventUuid = event(canary, issueId, http);
                if (eventUuid != null) {
                    String md = http.get(root() + "/events/" + Urls.encode(eventUuid) + "/stacktrace/", bearer())
                            .bodyText();
                    return new Sighting(
                            issueId, api.base(api.path.size()) + "/issues/issue/" + issueId + "/", topFrame(md));
                }
            }
            url = JsonReader.str(list, "next");
        }
        return null;
    }

    /** The Bugsink id of the canary among the issue's events, or null. */
    private String event(Canary canary, String issueId, CheckHttp http) throws IOException, ReadFailure {
        String url = root() + "/events/?issue=" + Urls.encode(issueId) + "&order=desc";
        for (int page = 0; page < MAX_PAGES && url != null; page++) {
            Object list = json(http.get(url, bearer()), "Bugsink events");
            for (Object e : JsonReader.list(list, "results")) {
                if (canary.isEventId(JsonReader.str(e, "event_id"))) {
                    return JsonReader.str(e, "id");
                }
            }
            url = JsonReader.str(list, "next");
        }
        return null;
    }

    /** The first frame heading of Bugsink's stack-trace Markdown, without the {@code ###}. */
    static String topFrame(String markdown) {
        for (String line : markdown.split("\n")) {
            if (line.startsWith("### ")) {
                return line.substring(4).trim();
            }
        }
        return "";
    }

    String releaseKey() {
        return api + "|" + project;
    }

    /** Registers {@code version} unless the project's releases already list it. @return what happened */
    String registerRelease(String version, CheckHttp http) throws IOException, ReadFailure {
        String url = root() + "/releases/?project=" + Urls.encode(project);
        for (int page = 0; page < MAX_PAGES && url != null; page++) {
            Object list = json(http.get(url, bearer()), "Bugsink releases");
            for (Object r : JsonReader.list(list, "results")) {
                if (version.equals(JsonReader.str(r, "version"))) {
                    return "already known";
                }
            }
            url = JsonReader.str(list, "next");
        }
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            if (project.matches("\\d{1,9}")) {
                g.writeNumberField("project", Integer.parseInt(project));
            } else {
                g.writeStringField("project", project);
            }
            g.writeStringField("version", version);
            g.writeStringField("timestamp", Json.iso(System.currentTimeMillis()));
            g.writeEndObject();
        });
        json(http.postJson(root() + "/releases/", bearer(), body), "Bugsink release");
        return "registered";
    }

    @Override
    String notFoundHint() {
        return "and the project id " + project;
    }
}
