package dev.userapptokens.admin.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;

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
        if (context.getMediaType() == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(context.getMediaType())) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        try {
            // The strict mapper: duplicate keys and a second value after the first are syntax errors too.
            mapper.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedJsonException();
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** The body is not syntactically JSON. Carries no detail of the parser's: nothing of it reaches the caller. */
    static final class MalformedJsonException extends RuntimeException {
        MalformedJsonException() {
            super("the body is not valid JSON", null, false, false);
        }
    }
}
