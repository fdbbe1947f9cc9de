package dev.userapptokens.admin.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.roles.BuiltInRoles;
import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.tokens.Revocation;
import dev.userapptokens.core.tokens.TokenInfo;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The request and response bodies of API.md, field for field. Records only: no logic here. */
public final class Json {

    private Json() {
    }

    @RegisterForReflection
    public record RoleBody(String name, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> workspaces) {

        static RoleBody of(RoleAssignment role) {
            return new RoleBody(role.name(), role.workspaces());
        }

        static List<RoleAssignment> toCore(List<RoleBody> roles) {
            if (roles == null) {
                return null;
            }
            return roles.stream().map(r -> r == null ? null : new RoleAssignment(r.name(), r.workspaces())).toList();
        }
    }

    @RegisterForReflection
    public record NewUserBody(String firstName, String lastName, String email, LoginOption loginOption,
                              List<RoleBody> roles) {
    }

    @RegisterForReflection
    public record UserPatchBody(String firstName, String lastName, List<RoleBody> roles) {
    }

    @RegisterForReflection
    public record UserBody(String id, String firstName, String lastName, String email, LoginOption loginOption,
                           List<RoleBody> roles, Instant createdAt, String createdBy) {

        static UserBody of(User user) {
            return new UserBody(user.id(), user.firstName(), user.lastName(), user.email(), user.loginOption(),
                    user.roles().stream().map(RoleBody::of).toList(), user.createdAt(), user.createdBy());
        }
    }

    @RegisterForReflection
    public record MeBody(String userId, String email, String firstName, String lastName, List<RoleBody> roles,
                         String tokenId) {
    }

    @RegisterForReflection
    public record NewTokenBody(String label, Integer expiresInDays, String expiresAt, List<String> permissions) {
    }

    /** A rotation's optional body: the overlap, and the new token's expiry as on create. */
    @RegisterForReflection
    public record RotateBody(Integer overlapSeconds, Integer expiresInDays, String expiresAt) {

        static final RotateBody NONE = new RotateBody(null, null, null);
    }

    /** The create and rotate response: the only body that ever carries the token. */
    @RegisterForReflection
    public record IssuedTokenBody(String id, String label, String token, Instant createdAt, Instant expiresAt,
                                  Instant lastUsedAt, List<String> permissions,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) String rotatedFrom) {

        static IssuedTokenBody of(IssuedToken issued) {
            TokenInfo info = issued.info();
            return new IssuedTokenBody(info.id(), info.label(), issued.token(), info.createdAt(), info.expiresAt(),
                    info.lastUsedAt(), texts(info.permissions()), info.rotatedFrom());
        }

        @Override
        public String toString() { // the secret stays out of any log, as IssuedToken's does
            return "IssuedTokenBody[id=" + id + ", label=" + label + ", token=<redacted>, expiresAt=" + expiresAt + "]";
        }
    }

    @RegisterForReflection
    public record TokenBody(String id, String label, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                            List<String> permissions, String rotatedFrom) {

        static TokenBody of(TokenInfo info) {
            return new TokenBody(info.id(), info.label(), info.createdAt(), info.expiresAt(), info.lastUsedAt(),
                    texts(info.permissions()), info.rotatedFrom());
        }
    }

    /** Permissions as the grammar's texts; null stays null (a token with its owner's full permissions). */
    static List<String> texts(List<Permission> permissions) {
        return permissions == null ? null : permissions.stream().map(Permission::toString).toList();
    }

    @RegisterForReflection
    public record RoleDefinitionBody(String name, boolean scoped, String description, List<String> permissions,
                                     boolean builtIn) {

        static RoleDefinitionBody of(Role role) {
            return new RoleDefinitionBody(role.name(), role.scoped(), role.description(),
                    texts(role.permissions()), BuiltInRoles.isBuiltIn(role.name()));
        }
    }

    /** {@code PUT /v1/roles/{name}}: the name is the path's. */
    @RegisterForReflection
    public record RoleInputBody(String description, Boolean scoped, List<String> permissions) {
    }

    @RegisterForReflection
    public record AuditEventBody(Instant at, String actorUserId, String action, String targetUserId, String tokenId,
                                 String roleName, Map<String, String> detail) {

        static AuditEventBody of(AuditEvent event) {
            return new AuditEventBody(event.at(), event.actorUserId(), event.action().name(), event.targetUserId(),
                    event.tokenId(), event.roleName(), event.detail().isEmpty() ? null : event.detail());
        }
    }

    /** {@code POST /v1/tokens/revoke}'s request: the token itself. */
    @RegisterForReflection
    public record RevokeBody(String token) {

        @Override
        public String toString() {
            return "RevokeBody[token=<redacted>]";
        }
    }

    /** What a revoke by value answers: never the token. */
    @RegisterForReflection
    public record RevokedBody(String id, String userId, String label) {

        static RevokedBody of(Revocation.Revoked revoked) {
            return new RevokedBody(revoked.id(), revoked.userId(), revoked.label());
        }
    }

    /** One entry of GitHub's secret scanning feedback: a token this report revoked, by its hex SHA-256. */
    @RegisterForReflection
    public record LeakFeedbackBody(@JsonProperty("token_hash") String tokenHash,
                                   @JsonProperty("token_type") String tokenType, String label) {

        static final String TRUE_POSITIVE = "true_positive";
    }

    /** {@code GET /v1/token-policy}: null where the policy sets nothing. */
    @RegisterForReflection
    public record TokenPolicyBody(Integer maxLifetimeDays, Integer defaultLifetimeDays) {
    }

    /** {@code {"items":[...]}} and, for paged listings, {@code "nextCursor"} (null at the end). */
    @RegisterForReflection
    public record Items<T>(List<T> items) {
    }

    @RegisterForReflection
    public record PagedItems<T>(List<T> items, String nextCursor) {
    }
}
