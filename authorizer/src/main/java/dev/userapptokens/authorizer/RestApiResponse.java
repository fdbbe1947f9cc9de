package dev.userapptokens.authorizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The REST API authorizer response: principal, an IAM policy of at most one {@code Allow} and one
 * {@code Deny} statement of {@code execute-api:Invoke} (an empty list is no statement), context;
 * and the one place its JSON is written (streaming generator, no reflection).
 */
record RestApiResponse(String principalId, List<String> allow, List<String> deny, AuthorizerContext context) {

    static final String VERSION = "2012-10-17";
    static final String INVOKE = "execute-api:Invoke";
    /** Who a deny is for when nobody authenticated (API Gateway requires a principal). */
    static final String ANONYMOUS = "anonymous";

    static final RestApiResponse DENY_ALL = new RestApiResponse(ANONYMOUS, List.of(), List.of("*"), null);
    /** Written once, so a deny cannot fail to serialise. */
    static final byte[] DENY_ALL_JSON = DENY_ALL.toJsonUnchecked();

    RestApiResponse {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    byte[] toJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = WireJson.generator(out)) {
            json.writeStartObject();
            json.writeStringField("principalId", principalId);
            json.writeFieldName("policyDocument");
            json.writeStartObject();
            json.writeStringField("Version", VERSION);
            json.writeFieldName("Statement");
            json.writeStartArray();
            statement(json, "Allow", allow);
            statement(json, "Deny", deny);
            json.writeEndArray();
            json.writeEndObject();
            if (context != null) {
                context.write(json);
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void statement(JsonGenerator json, String effect, List<String> resources) throws IOException {
        if (resources.isEmpty()) {
            return;
        }
        json.writeStartObject();
        json.writeStringField("Action", INVOKE);
        json.writeStringField("Effect", effect);
        json.writeFieldName("Resource");
        json.writeStartArray();
        for (String resource : resources) {
            json.writeString(resource);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private byte[] toJsonUnchecked() {
        try {
            return toJson();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
