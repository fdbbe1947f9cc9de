package dev.userapptokens.authorizer;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the two API Gateway authorizer event shapes from a JSON tree, type-checking every field
 * it uses: a field of the wrong type, a second Authorization value, or a route it cannot find
 * makes the event {@link AuthorizerRequest.Invalid} (a deny), never an exception.
 */
public final class Events {

    static final String AUTHORIZATION = "authorization";

    private Events() {
    }

    /**
     * HTTP API, payload format 2.0: method from {@code requestContext.http.method}, path from
     * {@code rawPath} (which must equal {@code requestContext.http.path} when both are present),
     * with a named stage's {@code /stage} prefix stripped; {@code routeArn} when neither is there.
     * The token from the {@code authorization} header (any case; API Gateway joins repeated
     * headers with commas, so a comma means several values).
     */
    public static AuthorizerRequest httpApi(JsonNode event) {
        if (event == null || !event.isObject()) {
            return AuthorizerRequest.malformed("event is not a JSON object");
        }
        JsonNode version = event.get("version");
        if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
            return AuthorizerRequest.malformed("not a payload format 2.0 event");
        }
        JsonNode context = event.get("requestContext");
        if (context == null || !context.isObject()) {
            return AuthorizerRequest.malformed("no requestContext");
        }
        JsonNode http = context.get("http");
        if (http != null && !http.isObject() && !http.isNull()) {
            return AuthorizerRequest.malformed("requestContext.http is not an object");
        }
        Text method = text(http, "method");
        Text httpPath = text(http, "path");
        Text rawPath = text(event, "rawPath");
        Text stage = text(context, "stage");
        Text routeArn = text(event, "routeArn");
        if (method.bad || httpPath.bad || rawPath.bad || stage.bad || routeArn.bad) {
            return AuthorizerRequest.malformed("a route field has the wrong type");
        }
        if (rawPath.value != null && httpPath.value != null && !rawPath.value.equals(httpPath.value)) {
            return AuthorizerRequest.malformed("rawPath and requestContext.http.path disagree");
        }
        String path = rawPath.value != null ? rawPath.value : httpPath.value;
        String verb = method.value;
        if (path != null) {
            path = stripStage(path, stage.value);
        }
        if (path == null || verb == null) {
            MethodArn arn = routeArn.value == null ? null : MethodArn.parse(routeArn.value);
            if (arn == null) {
                return AuthorizerRequest.malformed("no method and path in the event");
            }
            path = path != null ? path : arn.path();
            verb = verb != null ? verb : arn.method();
        }
        Header header = header(event.get("headers"));
        if (header.problem != null) {
            return AuthorizerRequest.malformed(header.problem);
        }
        return new AuthorizerRequest.Request(header.value, verb, path, null);
    }

    /**
     * REST API, {@code TOKEN} type ({@code authorizationToken}) or {@code REQUEST} type
     * ({@code headers} and {@code multiValueHeaders}, which must agree and hold one value). The
     * method and path come from {@code methodArn}, stage stripped: the ARN the policy is judged on.
     */
    public static AuthorizerRequest restApi(JsonNode event) {
        if (event == null || !event.isObject()) {
            return AuthorizerRequest.malformed("event is not a JSON object");
        }
        Text type = text(event, "type");
        Text methodArn = text(event, "methodArn");
        if (type.bad || methodArn.bad || type.value == null || methodArn.value == null) {
            return AuthorizerRequest.malformed("no type or methodArn");
        }
        MethodArn arn = MethodArn.parse(methodArn.value);
        if (arn == null) {
            return AuthorizerRequest.malformed("methodArn is not an execute-api method ARN");
        }
        String authorization;
        switch (type.value) {
            case "TOKEN" -> {
                Text token = text(event, "authorizationToken");
                if (token.bad) {
                    return AuthorizerRequest.malformed("authorizationToken is not a string");
                }
                if (token.value != null && token.value.indexOf(',') >= 0) {
                    return AuthorizerRequest.malformed("several Authorization values");
                }
                authorization = token.value;
            }
            case "REQUEST" -> {
                Header single = header(event.get("headers"));
                Header multi = multiValueHeader(event.get("multiValueHeaders"));
                if (single.problem != null || multi.problem != null) {
                    return AuthorizerRequest.malformed(single.problem != null ? single.problem : multi.problem);
                }
                if (single.value != null && multi.value != null && !single.value.equals(multi.value)) {
                    return AuthorizerRequest.malformed("headers and multiValueHeaders disagree");
                }
                authorization = single.value != null ? single.value : multi.value;
            }
            default -> {
                return AuthorizerRequest.malformed("type is neither TOKEN nor REQUEST");
            }
        }
        return new AuthorizerRequest.Request(authorization, arn.method(), arn.path(), arn);
    }

    /** {@code /prod/v1/me} with stage {@code prod} is {@code /v1/me}; the {@code $default} stage has no prefix. */
    static String stripStage(String path, String stage) {
        if (stage == null || stage.isEmpty() || stage.equals("$default")) {
            return path;
        }
        String prefix = "/" + stage;
        if (path.equals(prefix)) {
            return "/";
        }
        if (path.startsWith(prefix + "/")) {
            return path.substring(prefix.length());
        }
        return path;
    }

    /** The one Authorization value among {@code headers} (names in any case), or why there is not exactly one. */
    static Header header(JsonNode headers) {
        return authorization(headers, "headers", false);
    }

    /** The same over REST's {@code multiValueHeaders}: each name maps to a list of values. */
    static Header multiValueHeader(JsonNode headers) {
        return authorization(headers, "multiValueHeaders", true);
    }

    private static Header authorization(JsonNode headers, String name, boolean listValued) {
        if (headers == null || headers.isNull()) {
            return Header.NONE;
        }
        if (!headers.isObject()) {
            return new Header(null, name + " is not an object");
        }
        String found = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode values = field.getValue();
            if (!field.getKey().equalsIgnoreCase(AUTHORIZATION) || values.isNull()) {
                continue;
            }
            if (listValued && !values.isArray()) {
                return new Header(null, name + ".Authorization is not a list");
            }
            for (JsonNode value : listValued ? values : List.of(values)) {
                if (!value.isTextual()) {
                    return new Header(null, "Authorization is not a string");
                }
                if (found != null) {
                    return new Header(null, "several Authorization headers");
                }
                found = value.textValue();
            }
        }
        if (found != null && found.indexOf(',') >= 0) {
            return new Header(null, "several Authorization values");
        }
        return found == null ? Header.NONE : new Header(found, null);
    }

    /** A string field: its value (null when absent or JSON null), or {@code bad} when it has another type. */
    private static Text text(JsonNode parent, String name) {
        if (parent == null || !parent.isObject()) {
            return Text.ABSENT;
        }
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return Text.ABSENT;
        }
        return node.isTextual() ? new Text(node.textValue(), false) : Text.BAD;
    }

    private record Text(String value, boolean bad) {
        static final Text ABSENT = new Text(null, false);
        static final Text BAD = new Text(null, true);
    }

    record Header(String value, String problem) {
        static final Header NONE = new Header(null, null);
    }
}
