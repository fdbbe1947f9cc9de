package dev.userapptokens.authorizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The response bodies API Gateway expects, field for field: nothing more, and no {@code null}
 * (an absent context is left out, never written as null).
 */
public final class ApiResponses {

    private ApiResponses() {
    }

    /** HTTP API simple response: {@code {"isAuthorized":true,"context":{...}}}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"isAuthorized", "context"})
    public record HttpApiResponse(@JsonProperty("isAuthorized") boolean isAuthorized,
                                  @JsonProperty("context") Map<String, String> context) {
    }

    /** REST API authorizer response: principal, IAM policy, context. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"principalId", "policyDocument", "context"})
    public record RestApiResponse(@JsonProperty("principalId") String principalId,
                                  @JsonProperty("policyDocument") PolicyDocument policyDocument,
                                  @JsonProperty("context") Map<String, String> context) {
    }

    @RegisterForReflection
    @JsonPropertyOrder({"Version", "Statement"})
    public record PolicyDocument(@JsonProperty("Version") String version,
                                 @JsonProperty("Statement") List<Statement> statement) {

        public static final String VERSION = "2012-10-17";

        public PolicyDocument(List<Statement> statement) {
            this(VERSION, List.copyOf(statement));
        }
    }

    @RegisterForReflection
    @JsonPropertyOrder({"Action", "Effect", "Resource"})
    public record Statement(@JsonProperty("Action") String action, @JsonProperty("Effect") String effect,
                            @JsonProperty("Resource") List<String> resource) {

        public static final String INVOKE = "execute-api:Invoke";

        public static Statement allow(List<String> resources) {
            return new Statement(INVOKE, "Allow", List.copyOf(resources));
        }

        public static Statement deny(List<String> resources) {
            return new Statement(INVOKE, "Deny", List.copyOf(resources));
        }
    }

    /** The authorizer context both APIs pass to the integration: userId, email, tokenId, roles (compact). */
    static Map<String, String> context(dev.userapptokens.core.auth.Principal principal) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("userId", principal.userId());
        context.put("email", principal.email());
        context.put("tokenId", principal.tokenId());
        context.put("roles", dev.userapptokens.core.users.RoleAssignment.compact(principal.roles()));
        return context;
    }
}
