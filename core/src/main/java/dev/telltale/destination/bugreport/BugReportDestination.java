package dev.telltale.destination.bugreport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.telltale.Event;
import dev.telltale.destination.Destination;
import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.ResponseClassifier;
import dev.telltale.destination.Transport;
import dev.telltale.internal.json.Json;
import dev.telltale.internal.util.Strings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** An auto bug-report endpoint: {@code POST {BASE_PATH}/bug-reports/auto} with a bearer token. */
final class BugReportDestination implements Destination {
    static final String CONTENT_TYPE = "application/json";
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private final String name;
    private final String token;
    private final String url;
    private final BugReportEncoder encoder;

    BugReportDestination(String name, String token, String url, BugReportEncoder encoder) {
        this.name = name;
        this.token = token;
        this.url = url;
        this.encoder = encoder;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int maxPayloadBytes() {
        return MAX_PAYLOAD_BYTES;
    }

    String url() {
        return url;
    }

    @Override
    public Payload encode(Event event) throws IOException {
        return Payload.ofEvent(event, CONTENT_TYPE, encoder.encode(event));
    }

    /** Stateless: each call builds its own headers and body. */
    @Override
    public boolean concurrentDelivery() {
        return true;
    }

    @Override
    public Outcome deliver(Payload payload, Transport transport) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Accept", CONTENT_TYPE);
        headers.put("Authorization", "Bearer " + token);
        return classify(transport.post(url, headers, payload.body(), false));
    }

    /**
     * Classifies by HTTP status, then by the {@code {data, success, status}} envelope: a 2xx whose
     * envelope says {@code success: false} is classified by the envelope's status.
     */
    Outcome classify(HttpResponse r) {
        Envelope env = Envelope.read(r.body());
        int status = r.status();
        if (r.isSuccess() && env.success != null && !env.success) {
            status = env.status >= 400 ? env.status : 400;
        }
        String detail = env.error == null ? "" : ": " + Strings.clean(env.error.replace(token, "***"), 200);
        if (status == 401 || status == 403) {
            return Outcome.drop(
                    status,
                    "the bug-report endpoint refused the token (HTTP " + status
                            + "): check the token in the bugreport destination URI" + detail);
        }
        if (status == r.status()) {
            Outcome o = ResponseClassifier.classify(r);
            return o.kind() == Outcome.Kind.DROP ? Outcome.drop(status, "refused with HTTP " + status + detail) : o;
        }
        // a 2xx carrying a failure: classify the envelope's status the standard way
        Outcome o = ResponseClassifier.classify(new HttpResponse(status, r.headers(), r.body()));
        if (o.kind() == Outcome.Kind.DROP) {
            return Outcome.drop(status, "refused (envelope status " + status + ")" + detail);
        }
        return o;
    }

    /** The parts of {@code {data, success, status, error|message}} a classification needs. */
    static final class Envelope {
        Boolean success;
        int status;
        String error;

        static Envelope read(byte[] body) {
            Envelope env = new Envelope();
            if (body.length == 0 || body.length > 256 * 1024) {
                return env;
            }
            try (JsonParser p = Json.FACTORY.createParser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return env;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    if ("success".equals(field) && (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE)) {
                        env.success = t == JsonToken.VALUE_TRUE;
                    } else if ("status".equals(field) && t == JsonToken.VALUE_NUMBER_INT) {
                        env.status = p.getIntValue();
                    } else if (("error".equals(field) || "message".equals(field)) && t == JsonToken.VALUE_STRING) {
                        env.error = p.getText();
                    } else if ("error".equals(field) && t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            JsonToken v = p.nextToken();
                            if ("message".equals(f) && v == JsonToken.VALUE_STRING) {
                                env.error = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException | RuntimeException notJson) {
                return env;
            }
            return env;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
