package dev.userapptokens.authorizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The authorizer's JSON on the wire: an event read off the input stream as a tree, a response
 * written with the streaming generator. The handlers take the raw bytes
 * ({@code RequestStreamHandler}), not a bound POJO: Quarkus's Lambda runtime would otherwise
 * deserialise the event before any of this code runs, and a malformed event would become a Lambda
 * error instead of a deny. Trees need no reflection and no binding that a wrong type could break;
 * the limits make hostile input cheap: API Gateway events are a few levels deep, so deeper
 * nesting, huge numbers and duplicate keys (a second {@code authorization} key, say) are refused.
 */
final class WireJson {

    /** Far above any API Gateway authorizer event (headers are capped at about 10 KB). */
    static final int MAX_EVENT_BYTES = 256 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(64)
                    .maxStringLength(MAX_EVENT_BYTES)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /**
     * The bytes of the event being read, reused from one invocation to the next: reading each event
     * into fresh arrays ({@code readNBytes} allocates an 8 KB chunk and then a copy) was the larger
     * part of a verification's garbage. The tree parsed from it keeps no reference to it.
     */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);
    /** A buffer grown for a larger event is kept up to this size (events are a few KB). */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    private WireJson() {
    }

    /** The event as a JSON tree, or null when it is unreadable, too large or not JSON. Never throws. */
    static JsonNode read(InputStream in) {
        try {
            if (in == null) {
                return null;
            }
            byte[] buffer = BUFFER.get();
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length > MAX_EVENT_BYTES) {
                        return null;
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_EVENT_BYTES + 1));
                    if (buffer.length <= KEPT_BUFFER_BYTES) {
                        BUFFER.set(buffer);
                    }
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
            if (length == 0 || length > MAX_EVENT_BYTES) {
                return null;
            }
            return MAPPER.readTree(buffer, 0, length);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A generator for a response body (UTF-8, Jackson's default escaping). */
    static JsonGenerator generator(OutputStream out) throws IOException {
        return MAPPER.getFactory().createGenerator(out);
    }
}
