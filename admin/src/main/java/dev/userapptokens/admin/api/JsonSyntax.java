package dev.userapptokens.admin.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.Text;

/**
 * Checks that a JSON body is one syntactically valid JSON value before it is bound to a request
 * record. Binding wraps a syntax error met inside a field or a list as that field's mapping
 * error, so syntax is judged here, on its own: anything refused here is MALFORMED_JSON, and
 * anything binding refuses afterwards is a well-formed body of the wrong shape (VALIDATION).
 */
@Provider
@Priority(BodyLimit.PRIORITY + 1) // after BodyLimit: the body is already in memory and within the limit
public class JsonSyntax implements ReaderInterceptor {

    @Inject
    ObjectMapper mapper;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getMediaType() == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(context.getMediaType())
                || context.getType() == byte[].class) {
            // Raw bytes are their resource's to judge: a secret scanning report is parsed only
            // after its signature over exactly these bytes holds.
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        JsonNode tree;
        try {
            // The strict mapper: duplicate keys and a second value after the first are syntax errors too.
            tree = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedJsonException();
        }
        rejectNulls(tree, "");
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /**
     * A JSON null is never a value in a request body, neither in a field nor in a list (binding
     * would hand it on as a missing value, or as a null element): a field is left out instead.
     */
    private static void rejectNulls(JsonNode node, String path) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                rejectNulls(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectNulls(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isNull()) {
            throw RejectedException.invalid(path.isEmpty() ? "body" : Text.printable(path),
                    "must not be null (leave the field out instead)");
        }
    }

    /** The body is not syntactically JSON. Carries no detail of the parser's: nothing of it reaches the caller. */
    static final class MalformedJsonException extends RuntimeException {
        MalformedJsonException() {
            super("the body is not valid JSON", null, false, false);
        }
    }
}
