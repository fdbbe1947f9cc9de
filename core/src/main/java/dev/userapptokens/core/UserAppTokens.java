package dev.userapptokens.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.userapptokens.core.audit.AuditTrail;
import dev.userapptokens.core.auth.AccessPolicy;
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.roles.DynamoRoleCatalog;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.tokens.DynamoCredentials;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;
import dev.userapptokens.core.tokens.Tokens;
import dev.userapptokens.core.users.Users;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The product's rules wired to DynamoDB, built once per process and shared by the admin
 * function, the authorizer and the command-line tools.
 *
 * <pre>{@code
 * UserAppTokens app = UserAppTokens.builder().dynamoDb(client).tables(Tables.fromEnvironment(System.getenv())).build();
 * }</pre>
 */
public final class UserAppTokens {

    private final DynamoRoleCatalog roles;
    private final AuditTrail audit;
    private final Users users;
    private final Tokens tokens;
    private final Verifier verifier;
    private final AccessPolicy accessPolicy;
    private final DynamoDbClient dynamo;
    private final Tables tables;
    private final SecureRandom random;
    private final TokenFormat format;
    private final DynamoCredentials credentials;
    private final Clock clock;

    private UserAppTokens(Builder b) {
        TokenFormat format = new TokenFormat(b.random);
        this.random = b.random;
        this.format = format;
        this.credentials = new DynamoCredentials(b.dynamo, b.tables.tokens());
        this.clock = b.clock;
        this.dynamo = b.dynamo;
        this.tables = b.tables;
        this.roles = new DynamoRoleCatalog(b.dynamo, b.tables.roles(), b.clock, b.rolesRefresh);
        this.audit = new AuditTrail(b.dynamo, b.tables.audit(), format, b.cursors);
        this.users = new Users(b.dynamo, b.tables, roles, audit, format, b.clock, b.cursors);
        this.tokens = new Tokens(b.dynamo, b.tables, users, audit, format, b.clock);
        this.verifier = new Verifier(credentials, roles, b.clock, b.lastUsedInterval);
        this.accessPolicy = new AccessPolicy(roles);
    }

    public static Builder builder() {
        return new Builder();
    }

    public DynamoRoleCatalog roles() {
        return roles;
    }

    public AuditTrail audit() {
        return audit;
    }

    public Users users() {
        return users;
    }

    public Tokens tokens() {
        return tokens;
    }

    public Verifier verifier() {
        return verifier;
    }

    public AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    /** Writes the four built-in roles (idempotent) and reloads the catalog. */
    public void seedRoles() {
        DynamoRoleCatalog.seed(dynamo, tables.roles());
        roles.refresh();
    }

    /**
     * Before a snapshot of the process (Lambda SnapStart): the reads and code a first request
     * runs, run now against the real tables with a well-formed token that was never issued (a
     * token GetItem that finds nothing, the roles Scan beside it, the last-used UpdateItem whose
     * condition fails), then nothing left in flight.
     * The function's own priming adds its event and JSON path around this.
     */
    public Verification primeVerification() {
        String token = format.generate();
        Verification verification = verifier.verify("Bearer " + token);
        // The last-used write's path too: its condition (the item exists) fails for a token never
        // issued, so nothing is written.
        Instant now = clock.instant();
        credentials.recordUse(TokenHash.of(token), now, now);
        roles.settle();
        return verification;
    }

    /**
     * After a restore from a snapshot, nothing restored that must be fresh: the role catalog is
     * dropped (it would be past its bound anyway, as its copy is dated at load) and the token
     * generator is reseeded, so that environments restored from one snapshot do not share a
     * random state. Credentials and connections are the SDK's (refreshed, or retried on a stale
     * connection).
     */
    public void afterRestore() {
        roles.forget();
        random.setSeed(new SecureRandom().generateSeed(32));
    }

    public static final class Builder {
        private DynamoDbClient dynamo;
        private Tables tables;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private Duration lastUsedInterval = Duration.ofMinutes(1);
        private Duration rolesRefresh = Duration.ofMinutes(1);
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
         * The longest a loaded role catalog is served from memory (default one minute): a reload
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

        public UserAppTokens build() {
            Objects.requireNonNull(dynamo, "dynamoDb client");
            Objects.requireNonNull(tables, "tables");
            return new UserAppTokens(this);
        }
    }
}
