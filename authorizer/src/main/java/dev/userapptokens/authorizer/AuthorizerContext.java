package dev.userapptokens.authorizer;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.users.RoleAssignment;

/**
 * The {@code context} both APIs pass to the integration (API.md "The authorizer"): userId, email,
 * tokenId, roles in their compact form ({@code DEVELOPER,WORKSPACE_MANAGER:ws-1|ws-2}).
 */
record AuthorizerContext(String userId, String email, String tokenId, String roles) {

    static AuthorizerContext of(Principal principal) {
        return new AuthorizerContext(principal.userId(), principal.email(), principal.tokenId(),
                RoleAssignment.compact(principal.roles()));
    }

    /** {@code "context":{...}}; a null field is left out (API Gateway takes only strings, numbers and booleans). */
    void write(JsonGenerator json) throws IOException {
        json.writeFieldName("context");
        json.writeStartObject();
        field(json, "userId", userId);
        field(json, "email", email);
        field(json, "tokenId", tokenId);
        field(json, "roles", roles);
        json.writeEndObject();
    }

    private static void field(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
