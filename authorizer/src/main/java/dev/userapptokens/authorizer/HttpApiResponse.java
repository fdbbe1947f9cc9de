package dev.userapptokens.authorizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The HTTP API simple response, {@code {"isAuthorized":true|false,"context":{...}}}, and the one
 * place its JSON is written (Jackson's streaming generator: no data binding, so no reflection on
 * a cold start or in native mode). A deny has no context.
 */
record HttpApiResponse(boolean isAuthorized, AuthorizerContext context) {

    static final HttpApiResponse DENY = new HttpApiResponse(false, null);
    /** Written once, so a deny cannot fail to serialise. */
    static final byte[] DENY_JSON = DENY.toJsonUnchecked();

    static HttpApiResponse of(Decision decision) {
        return decision instanceof Decision.Allow allow
                ? new HttpApiResponse(true, AuthorizerContext.of(allow.principal())) : DENY;
    }

    /** The body for {@code decision}; the deny body whenever anything goes wrong. Never throws. */
    static byte[] json(Decision decision) {
        try {
            HttpApiResponse response = of(decision);
            return response == DENY ? DENY_JSON : response.toJson();
        } catch (IOException | RuntimeException e) {
            return DENY_JSON;
        }
    }

    byte[] toJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = WireJson.generator(out)) {
            json.writeStartObject();
            json.writeBooleanField("isAuthorized", isAuthorized);
            if (context != null) {
                context.write(json);
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private byte[] toJsonUnchecked() {
        try {
            return toJson();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
