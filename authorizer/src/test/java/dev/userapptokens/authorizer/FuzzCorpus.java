package dev.userapptokens.authorizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userapptokens.core.tokens.TokenFormat;

/**
 * A reproducible corpus (fixed seed) of events that must all be denied: broken bytes and JSON,
 * fields of every wrong type, missing and duplicated parts, hostile Authorization headers, and
 * real tokens that must not pass (revoked, expired, no DEVELOPER, or a DEVELOPER-only token on
 * any route but {@code GET /v1/me}).
 */
final class FuzzCorpus {

    /** One case: a label for failure messages, the bytes sent. */
    record Case(String kind, byte[] event) {
        String text() {
            String s = new String(event, StandardCharsets.UTF_8);
            return kind + ": " + (s.length() > 300 ? s.substring(0, 300) + "...(" + s.length() + " chars)" : s);
        }
    }

    /** Tokens from the store: a DEVELOPER-only token, and tokens that never authenticate. */
    record Tokens(String developerOnly, List<String> neverValid) {
    }

    enum Api { HTTP, REST }

    private static final String[] DENIED_ROUTES = {"POST /v1/me", "DELETE /v1/me", "PUT /v1/me", "PATCH /v1/me",
            "HEAD /v1/me", "OPTIONS /v1/me", "GET /v1/users", "GET /v1/me/x", "GET /v1/me/..", "GET /v1/me/.",
            "GET /v1/me/../users", "GET /v1/%6de", "GET /v1/m%65", "GET //v1/me", "GET /v1//me", "GET /v1/me//",
            "GET /V1/ME", "GET /v1/Me", "GET /v1", "GET /", "GET v1/me", "GET /v1/me?x=1", "GET /v1/me#x",
            "GET /v1/me\\", "GET /v1/me\u0000", "GET /v1/m\u00e9", "GET /v1/me%00", "GET /v1/workspaces/ws-1",
            "GET /v2/me", "GET /x/v1/me", "GET /v1/me/me", "GET /v1/mee", "GET /v1/m", "GET /./v1/me",
            "GET /v1/./me", "GET /v1/audit", "TRACE /v1/me", "G ET /v1/me", " /v1/me", "GET ", "GET /v1/me " };

    private final Random random;
    private final Api api;
    private final Tokens tokens;
    private final TokenFormat format = new TokenFormat();

    FuzzCorpus(long seed, Api api, Tokens tokens) {
        this.random = new Random(seed);
        this.api = api;
        this.tokens = tokens;
    }

    List<Case> generate(int count) {
        List<Case> out = new ArrayList<>(count);
        while (out.size() < count) {
            out.add(next());
        }
        return out;
    }

    private Case next() {
        int pick = random.nextInt(100);
        if (pick < 6) {
            return new Case("random-bytes", randomBytes(random.nextInt(2000)));
        }
        if (pick < 10) {
            return new Case("random-text", utf8(randomText(random.nextInt(500))));
        }
        if (pick < 16) {
            String valid = baseEvent(randomDeniedRoute(), header()).toString();
            return new Case("truncated", utf8(valid.substring(0, random.nextInt(valid.length()))));
        }
        if (pick < 20) {
            return new Case("wrong-root", utf8(pickOne("[]", "null", "true", "0", "-1e999", "\"Bearer x\"", "[{}]",
                    "{}", "[" + baseEvent(randomDeniedRoute(), bearer(tokens.developerOnly())) + "]", " ", "\n\t")));
        }
        if (pick < 45) {
            ObjectNode event = baseEvent(randomRouteAny(), header());
            int mutations = 1 + random.nextInt(4);
            for (int i = 0; i < mutations; i++) {
                mutate(event);
            }
            return new Case("mutated", utf8(event.toString()));
        }
        if (pick < 75) {
            return new Case("bad-header", utf8(baseEvent(randomRouteAny(), header()).toString()));
        }
        if (pick < 85) {
            return new Case("developer-token-denied-route",
                    utf8(baseEvent(randomDeniedRoute(), bearer(tokens.developerOnly())).toString()));
        }
        if (pick < 90) {
            return new Case("several-headers", utf8(severalHeaders().toString()));
        }
        if (pick < 94) {
            int depth = 10 + random.nextInt(3000);
            String nested = "{\"version\":\"2.0\",\"type\":\"TOKEN\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            return new Case("deep", utf8(nested));
        }
        if (pick < 96) {
            ObjectNode event = baseEvent(randomRouteAny(), bearer(tokens.developerOnly()));
            event.put("padding", "x".repeat(WireJson.MAX_EVENT_BYTES));
            return new Case("oversized", utf8(event.toString()));
        }
        if (pick < 98) {
            String event = baseEvent(randomDeniedRoute(), bearer(tokens.developerOnly())).toString();
            String key = api == Api.HTTP ? "\"rawPath\":" : "\"methodArn\":";
            return new Case("duplicate-key", utf8(event.replaceFirst(key, key + "\"/v1/me\"," + key)));
        }
        return new Case("escapes", utf8(baseEvent(randomRouteAny(),
                "Bearer " + tokens.developerOnly().substring(0, 20) + "\u0000" + tokens.developerOnly().substring(21))
                .toString().replace("\\u0000", "\\u0000\\ud800")));
    }

    // ---- events ----

    private ObjectNode baseEvent(String route, String authorization) {
        String[] r = route.split(" ", 2);
        String method = r[0];
        String path = r.length > 1 ? r[1] : "";
        return switch (api) {
            case HTTP -> random.nextInt(5) == 0
                    ? TestEvents.http(method, "/prod" + path, authorization, "$default") // stage-like prefix, not stripped
                    : TestEvents.http(method, path, authorization, random.nextBoolean() ? "$default" : "prod");
            case REST -> random.nextBoolean()
                    ? TestEvents.restToken(method, path, authorization)
                    : TestEvents.restRequest(method, path, authorization);
        };
    }

    /** GET /v1/me with the DEVELOPER token, made ambiguous by a second Authorization value. */
    private ObjectNode severalHeaders() {
        String good = bearer(tokens.developerOnly());
        if (api == Api.HTTP) {
            ObjectNode event = TestEvents.http("GET", "/v1/me", good);
            ObjectNode headers = (ObjectNode) event.get("headers");
            switch (random.nextInt(4)) {
                case 0 -> headers.put("Authorization", good);
                case 1 -> headers.put("authorization", good + "," + good);
                case 2 -> headers.put("AUTHORIZATION", bearer(format.generate()));
                default -> headers.put("authorization", good + ", " + bearer(format.generate()));
            }
            return event;
        }
        ObjectNode event = TestEvents.restRequest("GET", "/v1/me", good);
        ObjectNode headers = (ObjectNode) event.get("headers");
        ObjectNode multi = (ObjectNode) event.get("multiValueHeaders");
        switch (random.nextInt(5)) {
            case 0 -> headers.put("authorization", good);
            case 1 -> {
                headers.put("Authorization", good + "," + good);
                multi.putArray("Authorization").add(good + "," + good);
            }
            case 2 -> headers.put("AUTHORIZATION", bearer(format.generate()));
            case 3 -> ((ArrayNode) multi.get("Authorization")).add(good);
            default -> {
                event = TestEvents.restToken("GET", "/v1/me", good + ", " + good);
            }
        }
        return event;
    }

    /** An Authorization value that must not authenticate. */
    private String header() {
        String valid = tokens.developerOnly();
        return switch (random.nextInt(24)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "Bearer";
            case 3 -> "Bearer ";
            case 4 -> "Basic " + java.util.Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.UTF_8));
            case 5 -> "Bearer " + randomBase62(48);
            case 6 -> "Bearer uat_" + randomBase62(44);
            case 7 -> bearer(format.generate()); // well-formed, never issued: one read, then deny
            case 8 -> bearer(tokens.neverValid().get(random.nextInt(tokens.neverValid().size())));
            case 9 -> "Bearer " + valid.substring(0, 47) + (valid.charAt(47) == 'a' ? 'b' : 'a');
            case 10 -> "Bearer " + valid + "x";
            case 11 -> "Bearer " + valid.substring(1);
            case 12 -> "Bearer " + valid + " " + valid;
            case 13 -> valid;
            case 14 -> "Bearer\t" + valid;
            case 15 -> "Bearer " + valid.substring(0, 10) + "\u00e9" + valid.substring(11);
            case 16 -> "Bearer " + valid.replace('a', '\u0430'); // Cyrillic look-alike
            case 17 -> "Bearer " + "A".repeat(100_000);
            case 18 -> "Bearer " + valid.toUpperCase();
            case 19 -> "Bearer " + randomText(48);
            case 20 -> "Token " + valid;
            case 21 -> "Bearer " + valid + "\u0000";
            case 22 -> "Bearer  " + valid.substring(0, 24) + " " + valid.substring(24);
            default -> "Bearer " + new String(randomBytes(48), StandardCharsets.ISO_8859_1);
        };
    }

    /** A route; when the header happens to be the DEVELOPER-only token, a route it must be denied. */
    private String randomRouteAny() {
        return random.nextInt(3) == 0 ? "GET /v1/me" : randomDeniedRoute();
    }

    private String randomDeniedRoute() {
        return DENIED_ROUTES[random.nextInt(DENIED_ROUTES.length)];
    }

    // ---- mutations: a field replaced by another type, removed, or filled with junk ----

    private void mutate(ObjectNode root) {
        List<ObjectNode> parents = new ArrayList<>();
        collect(root, parents);
        ObjectNode parent = parents.get(random.nextInt(parents.size()));
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = parent.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        if (names.isEmpty()) {
            parent.put("x", randomText(5));
            return;
        }
        String name = names.get(random.nextInt(names.size()));
        switch (random.nextInt(12)) {
            case 0 -> parent.remove(name);
            case 1 -> parent.putNull(name);
            case 2 -> parent.put(name, random.nextInt());
            case 3 -> parent.put(name, random.nextDouble() * 1e300);
            case 4 -> parent.put(name, random.nextBoolean());
            case 5 -> parent.putArray(name).add(randomText(10)).addNull();
            case 6 -> parent.putObject(name).put(randomText(3), randomText(3));
            case 7 -> parent.put(name, randomText(random.nextInt(100)));
            case 8 -> parent.put(name, "");
            case 9 -> parent.put(name, "\u0000\u2028\ud83d\ude00" + randomText(5));
            case 10 -> {
                ArrayNode array = parent.putArray(name);
                for (int i = 0; i < 50; i++) {
                    array.add(i);
                }
            }
            default -> parent.put(name, "x".repeat(5000 + random.nextInt(50_000)));
        }
    }

    private static void collect(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode object) {
            out.add(object);
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                collect(it.next().getValue(), out);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> collect(child, out));
        }
    }

    // ---- primitives ----

    private String bearer(String token) {
        return "Bearer " + token;
    }

    private String pickOne(String... options) {
        return options[random.nextInt(options.length)];
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private String randomText(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            out.append(kind < 6 ? (char) (0x20 + random.nextInt(0x5f)) : kind < 8 ? (char) random.nextInt(0x20)
                    : (char) (0x80 + random.nextInt(0xff00)));
        }
        return out.toString();
    }

    private String randomBase62(int n) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(62)));
        }
        return out.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
