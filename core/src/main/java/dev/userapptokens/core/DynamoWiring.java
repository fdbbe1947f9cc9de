package dev.userapptokens.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.userapptokens.core.audit.DynamoAuditLog;
import dev.userapptokens.core.auth.AccessPolicy;
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.roles.CurrentRoles;
import dev.userapptokens.core.roles.DynamoRoleCatalog;
import dev.userapptokens.core.roles.DynamoRoleStore;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.roles.Roles;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.tokens.DynamoTokenLookup;
import dev.userapptokens.core.tokens.Revocation;
import dev.userapptokens.core.tokens.TokenPolicy;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;
import dev.userapptokens.core.tokens.Tokens;
import dev.userapptokens.core.users.DynamoUserStore;
import dev.userapptokens.core.users.Users;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every service of core wired over one DynamoDB client and one set of tables, for the
 * command-line tools, the events function's read-only lookups and tests. The admin function and
 * the authorizer do not use it: each wires, as CDI beans, only what it uses (the authorizer: the
 * verifier and the access policy).
 *
 * <pre>{@code
 * DynamoWiring core = DynamoWiring.builder().dynamoDb(client).tables(Tables.withPrefix("uat-")).build();
 * }</pre>
 */
public final class DynamoWiring {

    private final DynamoRoleCatalog roles;
    private final DynamoAuditLog audit;
    private final DynamoRoleStore roleStore;
    private final Roles roleDefinitions;
    private final Users users;
    private final Tokens tokens;
    private final Revocation revocation;
    private final Verifier verifier;
    private final AccessPolicy accessPolicy;
    private final DynamoDbClient dynamo;
    private final Tables tables;
    private final SnapStartHooks snapStart;

    private DynamoWiring(Builder b) {
        Ids ids = new Ids(b.random);
        this.dynamo = b.dynamo;
        this.tables = b.tables;
        this.roles = b.roles != null ? b.roles : new DynamoRoleCatalog(b.dynamo, b.tables.roles(), b.clock, b.rolesRefresh);
        this.audit = new DynamoAuditLog(b.dynamo, b.tables.audit(), ids, b.cursors);
        DynamoRoleStore roleStore = new DynamoRoleStore(b.dynamo, b.tables.roles(), audit);
        this.roleStore = roleStore;
        this.roleDefinitions = new Roles(roleStore, roles, b.clock);
        DynamoUserStore store = new DynamoUserStore(b.dynamo, b.tables, audit, b.cursors);
        this.users = new Users(store, new CurrentRoles(roles, roleStore), ids, b.clock);
        this.tokens = new Tokens(users, store, new TokenFormat(b.random), ids, b.clock);
        DynamoTokenLookup lookup = new DynamoTokenLookup(b.dynamo, b.tables.tokens());
        this.verifier = new Verifier(lookup, roles, b.clock, b.lastUsedInterval);
        this.revocation = new Revocation(lookup, store, TokenPolicy.NONE, b.clock);
        this.snapStart = new SnapStartHooks(verifier, lookup, roles, b.random, b.clock);
        this.accessPolicy = new AccessPolicy(roles);
    }

    public static Builder builder() {
        return new Builder();
    }

    public DynamoRoleCatalog roles() {
        return roles;
    }

    public DynamoAuditLog audit() {
        return audit;
    }

    /** The role definitions' rules (the roles endpoints); a change invalidates {@link #roles()}. */
    public Roles roleDefinitions() {
        return roleDefinitions;
    }

    /** The roles table as the role rules write it (tests write through it to leave the catalog alone). */
    public DynamoRoleStore roleStore() {
        return roleStore;
    }

    public Users users() {
        return users;
    }

    public Tokens tokens() {
        return tokens;
    }

    /** Revoking by value: an admin's, and the secret scanning reports'. */
    public Revocation revocation() {
        return revocation;
    }

    public Verifier verifier() {
        return verifier;
    }

    public AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    /** Writes the four built-in roles (idempotent, holder counts kept) and reloads the catalog. */
    public void seedRoles() {
        DynamoRoleCatalog.seed(dynamo, tables.roles());
        roles.refresh();
    }

    /** The SnapStart hooks over this wiring's verifier, catalog and random generator. */
    public SnapStartHooks snapStart() {
        return snapStart;
    }

    public static final class Builder {
        private DynamoDbClient dynamo;
        private Tables tables;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private Duration lastUsedInterval = Verifier.LAST_USED_INTERVAL;
        private Duration rolesRefresh = RoleCatalog.REFRESH;
        private DynamoRoleCatalog roles;
        private Cursors cursors = Cursors.none();

        private Builder() {
        }

        public Builder dynamoDb(DynamoDbClient dynamo) {
            this.dynamo = dynamo;
            return this;
        }

        public Builder tables(Tables tables) {
            this.tables = tables;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        /** At most one last-used write per token per interval (default one minute). */
        public Builder lastUsedInterval(Duration interval) {
            this.lastUsedInterval = interval;
            return this;
        }

        /**
         * The longest a loaded role catalog is served from memory (default 10 seconds): a reload
         * starts in the background at half of it, and a copy older than this is never used.
         */
        public Builder rolesRefresh(Duration refresh) {
            this.rolesRefresh = refresh;
            return this;
        }

        /** The deployment's paging cursors; without them the lists refuse to page (see {@link Cursors#none()}). */
        public Builder cursors(Cursors cursors) {
            this.cursors = Objects.requireNonNull(cursors, "cursors");
            return this;
        }

        /** Shares a catalog already built (a function's, in its tests) instead of building one. */
        public Builder roleCatalog(DynamoRoleCatalog roles) {
            this.roles = roles;
            return this;
        }

        public DynamoWiring build() {
            Objects.requireNonNull(dynamo, "dynamoDb client");
            Objects.requireNonNull(tables, "tables");
            return new DynamoWiring(this);
        }
    }
}
