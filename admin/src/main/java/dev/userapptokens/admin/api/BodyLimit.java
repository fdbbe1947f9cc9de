package dev.userapptokens.admin.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses bodies over 64 KiB: by their Content-Length before anything reads them, and by reading
 * at most that much when no length was given (a chunked request). The HTTP layer's own limit is set higher
 * (quarkus.http.limits.max-body-size) so that this, which answers with a problem body, decides.
 */
@Provider
@Priority(BodyLimit.PRIORITY)
public class BodyLimit implements ReaderInterceptor {

    public static final long MAX_BYTES = 64 * 1024;
    /** First of the reader interceptors: the others see only a body within the limit. */
    static final int PRIORITY = Priorities.ENTITY_CODER - 1000;

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return Problem.response(Problem.Code.VALIDATION, "Content-Length: must be a number");
            }
            if (bytes > MAX_BYTES) {
                return Problem.response(Problem.Code.PAYLOAD_TOO_LARGE, "request bodies are limited to 64 KiB");
            }
        }
        return null;
    }

    /**
     * Reads the body into memory, at most one byte past the limit, before any parser sees it: a
     * limit found in the middle of Jackson's parse came back wrapped as a field's type error.
     */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = context.getInputStream().readNBytes((int) MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw new WebApplicationException(Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
