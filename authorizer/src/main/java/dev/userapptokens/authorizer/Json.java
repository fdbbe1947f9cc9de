package dev.userapptokens.authorizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The authorizer's own JSON mapper: events are read as trees (no reflection, no binding that a
 * wrong type could break), with tight limits so hostile input costs little: API Gateway events are
 * a few levels deep, so deeper nesting, huge numbers and duplicate keys (a second
 * {@code authorization} key, say) are refused outright.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(64)
                    .maxStringLength(Handlers.MAX_EVENT_BYTES)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private Json() {
    }
}
