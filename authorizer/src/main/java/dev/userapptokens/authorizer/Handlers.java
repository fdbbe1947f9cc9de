package dev.userapptokens.authorizer;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading an event off the wire, shared by both handlers. The handlers take the raw bytes
 * ({@code RequestStreamHandler}), not a bound POJO: Quarkus's Lambda runtime would otherwise
 * deserialise the event before any of this code runs, and a malformed event would become a
 * Lambda error instead of a deny.
 */
final class Handlers {

    /** Far above any API Gateway authorizer event (headers are capped at about 10 KB). */
    static final int MAX_EVENT_BYTES = 256 * 1024;

    private Handlers() {
    }

    /** The event as a JSON tree, or null when it is unreadable, too large or not JSON. Never throws. */
    static JsonNode read(InputStream in) {
        try {
            byte[] bytes = in == null ? new byte[0] : in.readNBytes(MAX_EVENT_BYTES + 1);
            if (bytes.length == 0 || bytes.length > MAX_EVENT_BYTES) {
                return null;
            }
            return Json.MAPPER.readTree(bytes);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return null;
        }
    }
}
