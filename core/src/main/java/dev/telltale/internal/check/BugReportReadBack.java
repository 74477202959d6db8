package dev.telltale.internal.check;

import dev.telltale.internal.json.Json;
import dev.telltale.internal.json.JsonReader;
import java.io.IOException;

/**
 * The bug-reports API ({@code POST {base}/bug-reports/list} and {@code /get}, bearer key, page
 * numbers with {@code meta.hasNextPage}): reports since shortly before the canary, matched by the
 * nonce in the title, then the report's {@code errorStack} for the top frame. Listing needs an
 * admin key. URI: {@code bugreport-api://KEY@HOST[:PORT]/BASE_PATH} (the destination's base path).
 */
final class BugReportReadBack extends ReadBack {
    static final int PAGE_SIZE = 50;

    BugReportReadBack(ReadApiUri api) {
        super(api);
    }

    private String root() {
        return api.base(api.path.size()) + "/bug-reports";
    }

    @Override
    Sighting find(Canary canary, CheckHttp http) throws IOException, ReadFailure {
        for (int page = 1; page <= MAX_PAGES; page++) {
            final int p = page;
            byte[] body = Json.write(g -> {
                g.writeStartObject();
                g.writeStringField("fromDate", Json.iso(canary.sentAt - 10 * 60_000L));
                g.writeNumberField("page", p);
                g.writeNumberField("limit", PAGE_SIZE);
                g.writeEndObject();
            });
            Object answer = json(http.postJson(root() + "/list", bearer(), body), "bug-reports list");
            for (Object item : JsonReader.list(answer, "data", "items")) {
                if (canary.matches(JsonReader.str(item, "title"))
                        || canary.matches(JsonReader.str(item, "errorMessage"))) {
                    String id = JsonReader.str(item, "id");
                    return new Sighting(id, "", topFrame(http, id));
                }
            }
            if (!Boolean.TRUE.equals(JsonReader.at(answer, "data", "meta", "hasNextPage"))) {
                break;
            }
        }
        return null;
    }

    private String topFrame(CheckHttp http, String id) throws IOException, ReadFailure {
        if (id == null) {
            return "";
        }
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("bugReportId", id);
            g.writeEndObject();
        });
        Object answer = json(http.postJson(root() + "/get", bearer(), body), "bug-reports get");
        return StackLines.topFrame(JsonReader.str(answer, "data", "errorStack"));
    }
}
