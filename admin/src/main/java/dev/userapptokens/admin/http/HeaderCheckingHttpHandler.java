package dev.userapptokens.admin.http;

import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userapptokens.admin.api.Problem;
import io.quarkus.amazon.lambda.http.LambdaHttpHandler;
import io.quarkus.arc.Unremovable;

/**
 * The function's Lambda handler: Quarkus's own, behind a check of every header name and value.
 * Quarkus copies the event's headers into Vert.x headers, which throw on a control character with
 * the whole value in the message; Quarkus then logs that message ("Request Failure", category
 * quarkus.amazon.lambda.http) and answers a bare 500. For an {@code Authorization} header that
 * logged the caller's token. Refusing such headers here, before they are copied, means that
 * exception is never thrown, so no layer can log a header value; the caller gets a 400 problem.
 *
 * <p>The query string likewise: Vert.x answers one with a malformed percent-escape ({@code %ZZ}, a
 * lone {@code %}) with a bare 400 without a body, before any resource or the problem mapper runs.
 * API Gateway passes such a query on as sent, so it is refused here with a problem; so is a path
 * Vert.x cannot parse (a bad escape, a backslash or another character a URI path cannot hold raw),
 * which the console's public route {@code GET /console/{proxy+}} passes on whatever follows it.
 *
 * <p>An alternative of the provided handler bean (Quarkus looks the handler up by its type), not a
 * second {@code RequestHandler}: the Lambda extension allows only one handler class.
 */
@Alternative
@Priority(1)
@Singleton
@Unremovable // looked up by type at run time, never injected
public class HeaderCheckingHttpHandler extends LambdaHttpHandler {

    @Inject
    ObjectMapper json;

    @Inject
    RequestLog requestLog;

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent request, Context context) {
        long start = System.nanoTime();
        String detail = refusal(request);
        if (detail != null) {
            APIGatewayV2HTTPResponse response = badRequest(detail);
            // Answered before Vert.x sees the request, so recorded here.
            requestLog.record(RequestLog.route(request), 400, null, context == null ? null : context.getAwsRequestId(), start);
            return response;
        }
        return super.handleRequest(request, context);
    }

    /** Why Vert.x could not take {@code request} (its headers, query string or path), or null when it can. */
    private static String refusal(APIGatewayV2HTTPEvent request) {
        String refused = refusedHeader(request);
        if (refused != null) {
            return refused + ": contains a character HTTP does not allow in headers";
        }
        if (!isPercentEncoded(request.getRawQueryString())) {
            return "the query string: has a '%' not followed by two hexadecimal digits";
        }
        if (!isPathText(request.getRawPath())) {
            return "the path: has a '%' not followed by two hexadecimal digits or a character a URI path cannot hold";
        }
        return null;
    }

    /** A safe description of the first header HTTP does not allow, or null when all are allowed. */
    static String refusedHeader(APIGatewayV2HTTPEvent request) {
        Map<String, String> headers = request.getHeaders();
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (!HttpHeaderText.isFieldName(header.getKey())) {
                    return "a header name";
                }
                if (header.getValue() != null && !HttpHeaderText.isFieldValue(header.getValue())) {
                    return "header " + header.getKey(); // the name is a checked token; the value is never echoed
                }
            }
        }
        List<String> cookies = request.getCookies();
        if (cookies != null) {
            for (String cookie : cookies) {
                if (cookie != null && !HttpHeaderText.isFieldValue(cookie)) {
                    return "header Cookie";
                }
            }
        }
        return null;
    }

    /** Whether every {@code %} in {@code text} starts an escape of two hexadecimal digits (null: no text, so yes). */
    static boolean isPercentEncoded(String text) {
        if (text == null) {
            return true;
        }
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 3)) {
            if (i + 2 >= text.length() || !isHexDigit(text.charAt(i + 1)) || !isHexDigit(text.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code path} is one Vert.x parses: well-formed percent-escapes, and of ASCII only the
     * characters RFC 3986 allows in a path (unreserved, sub-delims, ':', '@', '/'); null: yes.
     * Non-ASCII is left to the routes (they answer it with a 404 problem).
     */
    static boolean isPathText(String path) {
        if (path == null) {
            return true;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x80 && !(isUnreserved(c) || "!$&'()*+,;=:@/%".indexOf(c) >= 0)) {
                return false;
            }
        }
        return isPercentEncoded(path);
    }

    private static boolean isUnreserved(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    /** ASCII only: {@link Character#digit} would take other scripts' digits too. */
    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }

    private APIGatewayV2HTTPResponse badRequest(String detail) {
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(400);
        response.setHeaders(Map.of("Content-Type", Problem.MEDIA_TYPE));
        try {
            response.setBody(json.writeValueAsString(Problem.of(Problem.Code.VALIDATION, detail)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem body is always serializable", e);
        }
        return response;
    }
}
