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
 * Refuses bodies over 64 KiB (a secret scanning report: 1 MiB): by their Content-Length before
 * anything reads them, and by reading at most that much when no length was given (a chunked
 * request). The HTTP layer's own limit is set higher (quarkus.http.limits.max-body-size) so that
 * this, which answers with a problem body, decides.
 */
@Provider
@Priority(BodyLimit.PRIORITY)
public class BodyLimit implements ReaderInterceptor {

    public static final long MAX_BYTES = 64 * 1024;
    /** A secret scanning report (API.md: up to 1,000 entries, 1 MB). */
    public static final long MAX_REPORT_BYTES = 1024 * 1024;
    /** First of the reader interceptors: the others see only a body within the limit. */
    static final int PRIORITY = Priorities.ENTITY_CODER - 1000;
    /** The request property holding the request's limit, set before matching, read when the body is. */
    private static final String LIMIT = BodyLimit.class.getName() + ".limit";

    /** The limit of a request to {@code path}. */
    static long limitFor(String path) {
        return SecretScanningResource.PATH.equals(path) ? MAX_REPORT_BYTES : MAX_BYTES;
    }

    static String describe(long limit) {
        return "request bodies are limited to " + (limit == MAX_REPORT_BYTES ? "1 MiB" : "64 KiB");
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        long limit = limitFor(request.getUriInfo().getPath());
        request.setProperty(LIMIT, limit);
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return Problem.response(Problem.Code.VALIDATION, "Content-Length: must be a number");
            }
            if (bytes > limit) {
                return Problem.response(Problem.Code.PAYLOAD_TOO_LARGE, describe(limit));
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
        long limit = context.getProperty(LIMIT) instanceof Long set ? set : MAX_BYTES;
        byte[] body = context.getInputStream().readNBytes((int) limit + 1);
        if (body.length > limit) {
            throw new TooLarge(limit);
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** A body found over the limit while reading it: a 413 that names the limit. */
    static final class TooLarge extends WebApplicationException {
        final long limit;

        TooLarge(long limit) {
            super(Response.Status.REQUEST_ENTITY_TOO_LARGE);
            this.limit = limit;
        }
    }
}
