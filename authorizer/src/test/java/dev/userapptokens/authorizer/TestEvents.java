package dev.userapptokens.authorizer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** API Gateway authorizer events, shaped as AWS documents them. */
final class TestEvents {

    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "123456789012";
    static final String API = "abcdef1234";
    static final String STAGE = "prod";
    static final String STAGE_PREFIX = "arn:aws:execute-api:" + REGION + ":" + ACCOUNT + ":" + API + "/" + STAGE + "/";

    private TestEvents() {
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** An HTTP API payload 2.0 event on the $default stage. */
    static ObjectNode http(String method, String path, String authorization) {
        return http(method, path, authorization, "$default");
    }

    static ObjectNode http(String method, String path, String authorization, String stage) {
        ObjectNode event = Lambda.JSON.createObjectNode();
        String rawPath = stage.equals("$default") ? path : "/" + stage + path;
        event.put("version", "2.0");
        event.put("type", "REQUEST");
        event.put("routeArn", "arn:aws:execute-api:" + REGION + ":" + ACCOUNT + ":" + API + "/" + stage + "/" + method + path);
        event.putArray("identitySource").add(authorization == null ? "" : authorization);
        event.put("routeKey", "ANY /{proxy+}");
        event.put("rawPath", rawPath);
        event.put("rawQueryString", "");
        ObjectNode headers = event.putObject("headers");
        headers.put("accept", "application/json");
        headers.put("host", API + ".execute-api." + REGION + ".amazonaws.com");
        headers.put("user-agent", "curl/8.5.0");
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", ACCOUNT);
        context.put("apiId", API);
        context.put("domainName", API + ".execute-api." + REGION + ".amazonaws.com");
        context.put("domainPrefix", API);
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "203.0.113.7");
        http.put("userAgent", "curl/8.5.0");
        context.put("requestId", "JKJaXmPLvHcESHA=");
        context.put("routeKey", "ANY /{proxy+}");
        context.put("stage", stage);
        context.put("time", "12/Mar/2026:19:03:58 +0000");
        context.put("timeEpoch", 1773342238000L);
        event.putObject("pathParameters").put("proxy", path.length() > 1 ? path.substring(1) : "");
        return event;
    }

    static String methodArn(String method, String path) {
        return STAGE_PREFIX + method + path;
    }

    /** A REST API TOKEN authorizer event. */
    static ObjectNode restToken(String method, String path, String authorization) {
        ObjectNode event = Lambda.JSON.createObjectNode();
        event.put("type", "TOKEN");
        if (authorization != null) {
            event.put("authorizationToken", authorization);
        }
        event.put("methodArn", methodArn(method, path));
        return event;
    }

    /** A REST API REQUEST authorizer event, the header as {@code Authorization}. */
    static ObjectNode restRequest(String method, String path, String authorization) {
        ObjectNode event = Lambda.JSON.createObjectNode();
        event.put("type", "REQUEST");
        event.put("methodArn", methodArn(method, path));
        event.put("resource", "/{proxy+}");
        event.put("path", path);
        event.put("httpMethod", method);
        ObjectNode headers = event.putObject("headers");
        ObjectNode multi = event.putObject("multiValueHeaders");
        headers.put("Accept", "application/json");
        multi.putArray("Accept").add("application/json");
        headers.put("Host", API + ".execute-api." + REGION + ".amazonaws.com");
        multi.putArray("Host").add(API + ".execute-api." + REGION + ".amazonaws.com");
        if (authorization != null) {
            headers.put("Authorization", authorization);
            multi.putArray("Authorization").add(authorization);
        }
        event.putObject("queryStringParameters");
        event.putObject("multiValueQueryStringParameters");
        event.putObject("pathParameters").put("proxy", path.length() > 1 ? path.substring(1) : "");
        event.putObject("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("path", "/" + STAGE + path);
        context.put("accountId", ACCOUNT);
        context.put("resourceId", "a1b2c3");
        context.put("stage", STAGE);
        context.put("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        context.put("resourcePath", "/{proxy+}");
        context.put("httpMethod", method);
        context.put("apiId", API);
        context.putObject("identity").put("sourceIp", "203.0.113.7");
        return event;
    }
}
