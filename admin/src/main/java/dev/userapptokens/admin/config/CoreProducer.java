package dev.userapptokens.admin.config;

import java.security.SecureRandom;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userapptokens.admin.leaks.GitHubKeyList;
import dev.userapptokens.core.Ids;
import dev.userapptokens.core.leaks.ReportSignatures;
import dev.userapptokens.core.metrics.MetricLines;
import dev.userapptokens.core.tokens.Revocation;
import dev.userapptokens.core.SnapStartHooks;
import dev.userapptokens.core.audit.DynamoAuditLog;
import dev.userapptokens.core.auth.AccessPolicy;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.roles.CurrentRoles;
import dev.userapptokens.core.roles.DynamoRoleCatalog;
import dev.userapptokens.core.roles.DynamoRoleStore;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.roles.RoleStore;
import dev.userapptokens.core.roles.Roles;
import dev.userapptokens.core.store.DynamoClientSettings;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.tokens.DynamoTokenLookup;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenPolicy;
import dev.userapptokens.core.tokens.Tokens;
import dev.userapptokens.core.users.DynamoUserStore;
import dev.userapptokens.core.users.UserStore;
import dev.userapptokens.core.users.Users;
import io.quarkus.arc.DefaultBean;
import dev.userapptokens.core.store.Cursors;
import io.quarkus.runtime.Startup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Core's CDI seam, built once per process at run time: core is plain Java. The client is the
 * quarkus-amazon-dynamodb extension's (quarkus.dynamodb.* in application.properties); the table
 * names are read under their environment variable names, as the SAM template sets them; one
 * clock for every rule that reads the time.
 */
@ApplicationScoped
public class CoreProducer {

    /** A key list older than this is not trusted until it is fetched again (a withdrawn key stops counting). */
    static final Duration KEY_LIST_MAX_AGE = Duration.ofHours(1);
    /** An unknown key identifier refetches the list, at most this often. */
    static final Duration KEY_LIST_MIN_REFETCH = Duration.ofMinutes(1);

    /** Where the EMF lines go: standard output. */
    @Produces
    @Singleton
    MetricLines metricLines() {
        return new MetricLines();
    }

    /** The extension's client (quarkus.dynamodb.*), with the settings core gives every function. */
    @Produces
    @Singleton
    DynamoDbClient dynamoDb(DynamoDbClientBuilder builder) {
        return DynamoClientSettings.withStandardRetries(builder);
    }

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Tables tables(Config config) {
        return Tables.fromEnvironment(name -> config.getOptionalValue(name, String.class).orElse(null));
    }

    /** The one generator behind token secrets and ids (reseeded after a SnapStart restore). */
    @Produces
    @Singleton
    SecureRandom random() {
        return new SecureRandom();
    }

    @Produces
    @Singleton
    Ids ids(SecureRandom random) {
        return new Ids(random);
    }

    @Produces
    @Singleton
    DynamoRoleCatalog roles(DynamoDbClient dynamo, Tables tables, Clock clock) {
        return new DynamoRoleCatalog(dynamo, tables.roles(), clock, RoleCatalog.REFRESH);
    }

    @Produces
    @Singleton
    DynamoAuditLog audit(DynamoDbClient dynamo, Tables tables, Ids ids, Cursors cursors) {
        return new DynamoAuditLog(dynamo, tables.audit(), ids, cursors);
    }

    @Produces
    @Singleton
    UserStore userStore(DynamoDbClient dynamo, Tables tables, DynamoAuditLog audit, Cursors cursors) {
        return new DynamoUserStore(dynamo, tables, audit, cursors);
    }

    @Produces
    @Singleton
    RoleStore roleStore(DynamoDbClient dynamo, Tables tables, DynamoAuditLog audit) {
        return new DynamoRoleStore(dynamo, tables.roles(), audit);
    }

    /** The role definitions; a change drops this function's catalog, so its next request sees the change. */
    @Produces
    @Singleton
    Roles roleDefinitions(RoleStore store, DynamoRoleCatalog catalog, Clock clock) {
        return new Roles(store, catalog, clock);
    }

    /** Assignments are checked against the custom roles as stored (consistent reads), the built-in ones from the catalog. */
    @Produces
    @Singleton
    Users users(UserStore store, DynamoRoleCatalog roles, RoleStore roleStore, Ids ids, Clock clock) {
        return new Users(store, new CurrentRoles(roles, roleStore), ids, clock);
    }

    @Produces
    @Singleton
    Tokens tokens(Users users, UserStore store, SecureRandom random, Ids ids, TokenPolicy policy, Clock clock) {
        return new Tokens(users, store, new TokenFormat(random), ids, policy, clock);
    }

    /** The deployment's token lifetime policy (uat.token-policy.*, from the template's parameters). */
    @Produces
    @Singleton
    TokenPolicy tokenPolicy(Config config) {
        return TokenPolicy.of(config.getOptionalValue("uat.token-policy.max-lifetime-days", String.class).orElse(null),
                config.getOptionalValue("uat.token-policy.default-lifetime-days", String.class).orElse(null));
    }

    @Produces
    @Singleton
    DynamoTokenLookup tokenLookup(DynamoDbClient dynamo, Tables tables) {
        return new DynamoTokenLookup(dynamo, tables.tokens());
    }

    /** Revoking by value: {@code POST /v1/tokens/revoke} and the secret scanning reports. */
    @Produces
    @Singleton
    Revocation revocation(DynamoTokenLookup tokens, UserStore store, TokenPolicy policy, Clock clock) {
        return new Revocation(tokens, store, policy, clock);
    }

    /**
     * The secret scanning reports' signatures, checked with the key list at uat.secret-scanning.keys-url
     * (SECRET_SCANNING_KEYS_URL, the template's SecretScanningKeysUrl; GitHub's by default). One
     * cache per container: an unknown key identifier refetches the list at most once a minute, and a
     * list older than an hour is fetched again before it is trusted.
     */
    @Produces
    @Singleton
    @Startup
    ReportSignatures reportSignatures(@ConfigProperty(name = "uat.secret-scanning.keys-url") String keysUrl,
                                      ObjectMapper json, Clock clock) {
        URI url;
        try {
            url = new URI(keysUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("SECRET_SCANNING_KEYS_URL is not a URL: " + e.getMessage());
        }
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalStateException("SECRET_SCANNING_KEYS_URL must be an http(s) URL, not " + keysUrl);
        }
        return new ReportSignatures(new GitHubKeyList(url, json), clock, KEY_LIST_MAX_AGE, KEY_LIST_MIN_REFETCH);
    }

    @Produces
    @Singleton
    Verifier verifier(DynamoTokenLookup tokens, DynamoRoleCatalog roles, TokenPolicy policy, Clock clock) {
        return new Verifier(tokens, roles, policy, clock, Verifier.LAST_USED_INTERVAL);
    }

    @Produces
    @Singleton
    SnapStartHooks snapStart(Verifier verifier, DynamoTokenLookup tokens, DynamoRoleCatalog roles, SecureRandom random,
                             Clock clock) {
        return new SnapStartHooks(verifier, tokens, roles, random, clock);
    }

    @Produces
    @Singleton
    AccessPolicy accessPolicy(DynamoRoleCatalog roles) {
        return new AccessPolicy(roles);
    }

    /**
     * The paging cursors, keyed with the deployment's secret (uat.cursor-key, from CURSOR_KEY). Built
     * at startup, at run time, so a missing or short key stops the function before its first request.
     */
    @Produces
    @Singleton
    @Startup
    Cursors cursors(@ConfigProperty(name = "uat.cursor-key") Optional<String> key) {
        return cursorsFrom(key);
    }

    static Cursors cursorsFrom(Optional<String> key) {
        if (key.isEmpty() || key.get().isBlank()) {
            throw new IllegalStateException("CURSOR_KEY is not set: the admin function signs its paging cursors with it "
                    + "(the SAM template passes the CursorKeySecret; locally any value of 32 bytes or more)");
        }
        try {
            return Cursors.withSecret(key.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CURSOR_KEY is too short: " + e.getMessage() + " (UTF-8)");
        }
    }
}
