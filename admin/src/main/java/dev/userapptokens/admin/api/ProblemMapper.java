package dev.userapptokens.admin.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import dev.userapptokens.admin.security.AppTokenMechanism;
import dev.userapptokens.admin.security.StorageUnavailableException;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.Text;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Every error response of the admin function, in one place: each failure maps once to a problem
 * body. Nothing internal (messages of unexpected exceptions, stack traces) reaches a response.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response rejected(RejectedException e) {
        return switch (e.kind()) {
            case VALIDATION -> Problem.response(Problem.Code.VALIDATION, e.getMessage());
            case NOT_FOUND -> Problem.response(Problem.Code.NOT_FOUND, e.getMessage());
            case CONFLICT -> Problem.response(Problem.Code.CONFLICT, e.getMessage());
        };
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated() {
        Response problem = Problem.response(Problem.Code.UNAUTHENTICATED, "a valid user app token is required");
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, AppTokenMechanism.CHALLENGE).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(Problem.Code.FORBIDDEN, "the token's user may not do this");
    }

    /** Syntax errors in the body: found by {@link JsonSyntax} before binding, or by the parser itself. */
    @ServerExceptionMapper({JsonSyntax.MalformedJsonException.class, com.fasterxml.jackson.core.JsonParseException.class})
    public Response malformed() {
        return Problem.response(Problem.Code.MALFORMED_JSON, "the body is not valid JSON");
    }

    /** Well-formed JSON of the wrong shape: unknown field, wrong type, bad enum value. */
    @ServerExceptionMapper({JsonMappingException.class, MismatchedInputException.class,
            UnrecognizedPropertyException.class, InvalidFormatException.class})
    public Response shape(JsonMappingException e) {
        if (hasCause(e, com.fasterxml.jackson.core.exc.StreamReadException.class)) {
            return malformed(); // a syntax error inside a field or a list, wrapped by binding
        }
        String field = field(e);
        String detail;
        if (e instanceof UnrecognizedPropertyException) {
            detail = field + ": is not a known field";
        } else if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            detail = field + ": must be one of " + java.util.Arrays.toString(invalid.getTargetType().getEnumConstants());
        } else if (e instanceof MismatchedInputException && field.isEmpty()) {
            detail = "body: must be a JSON object";
        } else {
            detail = (field.isEmpty() ? "body" : field) + ": has the wrong type";
        }
        return Problem.response(Problem.Code.VALIDATION, detail);
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e) {
        return Problem.response(Problem.Code.MALFORMED_JSON, "the body is not valid JSON");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // The JSON reader wraps Jackson's errors; map them as if they had arrived unwrapped.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.JsonParseException) {
                return malformed();
            }
            if (cause instanceof JsonMappingException mapping) {
                return shape(mapping);
            }
            if (cause instanceof JsonProcessingException json) {
                return otherJson(json);
            }
        }
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 400 -> Problem.response(Problem.Code.VALIDATION, "the request is not valid");
            case 404 -> Problem.response(Problem.Code.NOT_FOUND, "no such resource");
            case 405 -> Problem.response(Problem.Code.METHOD_NOT_ALLOWED, "this resource does not support the method");
            case 406 -> Problem.response(Problem.Code.NOT_ACCEPTABLE, "responses are application/json");
            case 413 -> Problem.response(Problem.Code.PAYLOAD_TOO_LARGE,
                    BodyLimit.describe(e instanceof BodyLimit.TooLarge large ? large.limit : BodyLimit.MAX_BYTES));
            case 415 -> Problem.response(Problem.Code.UNSUPPORTED_MEDIA_TYPE, "send application/json");
            default -> unexpected(e);
        };
    }

    /** Storage errors (throttling, timeouts, outages): retryable, and said so without detail. */
    @ServerExceptionMapper({SdkException.class, StorageUnavailableException.class})
    public Response storage(RuntimeException e) {
        LOG.warnf("storage unavailable: %s", e.getClass().getName());
        return Response.fromResponse(Problem.response(Problem.Code.UNAVAILABLE, "storage is unavailable; retry later"))
                .header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return Problem.response(Problem.Code.INTERNAL, "an internal error occurred");
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(Text.printable(ref.getFieldName())); // the caller's own text: echoed only when harmless
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
