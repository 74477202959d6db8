package dev.telltale.internal.check;

import dev.telltale.internal.json.JsonReader;
import java.io.IOException;
import java.util.List;

/**
 * Bugnet's REST API (bearer token, {@code {ok, data}} envelope, {@code X-RateLimit-*} headers):
 * the project's bugs searched for the canary's nonce, newest first.
 * URI: {@code bugnet-api://TOKEN@api.bugnet.io/PROJECT_SLUG}.
 */
final class BugnetReadBack extends ReadBack {
    static final int PAGE_SIZE = 20;
    private final String slug;

    BugnetReadBack(ReadApiUri api) {
        super(api);
        if (api.path.isEmpty()) {
            throw new IllegalArgumentException("bugnet-api: the project slug is missing (expected "
                    + "bugnet-api://TOKEN@api.bugnet.io/PROJECT_SLUG)");
        }
        this.slug = api.segment(api.path.size() - 1);
    }

    @Override
    Sighting find(Canary canary, CheckHttp http) throws IOException, ReadFailure {
        String base = api.base(api.path.size() - 1) + "/api/projects/" + Urls.encode(slug) + "/bugs?search="
                + Urls.encode(canary.nonce) + "&sort=newest&limit=" + PAGE_SIZE + "&page=";
        for (int page = 1; page <= MAX_PAGES; page++) {
            Object answer = json(http.get(base + page, bearer()), "Bugnet bugs");
            if (Boolean.FALSE.equals(JsonReader.at(answer, "ok"))) {
                String error = JsonReader.str(answer, "error");
                throw new ReadFailure("Bugnet bugs: " + (error == null ? "ok: false" : error), true, -1);
            }
            List<Object> bugs = bugs(answer);
            for (Object bug : bugs) {
                if (canary.matches(JsonReader.str(bug, "title"))
                        || canary.matches(JsonReader.str(bug, "description"))) {
                    return new Sighting(
                            JsonReader.str(bug, "id"), "", StackLines.topFrame(JsonReader.str(bug, "description")));
                }
            }
            if (bugs.size() < PAGE_SIZE) {
                break;
            }
        }
        return null;
    }

    /** {@code data} is the list, or an object holding it under {@code bugs} or {@code items}. */
    private static List<Object> bugs(Object answer) {
        List<Object> l = JsonReader.list(answer, "data");
        if (!l.isEmpty()) {
            return l;
        }
        l = JsonReader.list(answer, "data", "bugs");
        return l.isEmpty() ? JsonReader.list(answer, "data", "items") : l;
    }

    @Override
    String notFoundHint() {
        return "(project slug '" + slug + "')";
    }
}
