package dev.userapptokens.authorizer;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How API Gateway evaluates a returned policy against a method ARN, for tests: an explicit
 * {@code Deny} wins, else some {@code Allow} must match; in a resource {@code *} matches any run
 * of characters ({@code /} included) and {@code ?} any one character.
 */
final class IamPolicy {

    private IamPolicy() {
    }

    static boolean allows(JsonNode policyDocument, String methodArn) {
        boolean allowed = false;
        for (JsonNode statement : policyDocument.get("Statement")) {
            if (!statement.get("Action").asText().equals("execute-api:Invoke")) {
                continue;
            }
            for (String resource : resources(statement.get("Resource"))) {
                if (matches(resource, methodArn)) {
                    if (statement.get("Effect").asText().equals("Deny")) {
                        return false;
                    }
                    allowed = true;
                }
            }
        }
        return allowed;
    }

    static List<String> resources(JsonNode resource) {
        List<String> out = new ArrayList<>();
        if (resource.isArray()) {
            resource.forEach(r -> out.add(r.asText()));
        } else {
            out.add(resource.asText());
        }
        return out;
    }

    static boolean matches(String pattern, String text) {
        return matches(pattern, 0, text, 0);
    }

    private static boolean matches(String p, int i, String t, int j) {
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*') {
                for (int k = j; k <= t.length(); k++) {
                    if (matches(p, i + 1, t, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (j >= t.length() || (c != '?' && c != t.charAt(j))) {
                return false;
            }
            i++;
            j++;
        }
        return j == t.length();
    }
}
