package dev.userapptokens.bench.jmh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.userapptokens.core.auth.AccessPolicy;
import dev.userapptokens.core.auth.StoredToken;
import dev.userapptokens.core.auth.TokenLookup;
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.roles.BuiltInRoles;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.RoleAssignment;

/**
 * One verification as the authorizer decides it (core's {@link Verifier}, then its
 * {@link AccessPolicy}), with the token's credential and the role catalog held in memory: the
 * CPU and garbage of our rules, storage excluded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VerifyBenchmark {

    private Verifier verifier;
    private AccessPolicy policy;
    private String header;

    /** In-memory {@link TokenLookup}: a map by hash; recordUse writes lastUsedAt as the table would. */
    static final class MemoryTokens implements TokenLookup {
        private final Map<String, StoredToken> byHash = new ConcurrentHashMap<>();

        @Override
        public Optional<StoredToken> find(String tokenHash) {
            return Optional.ofNullable(byHash.get(tokenHash));
        }

        @Override
        public void recordUse(String tokenHash, Instant now, Instant notBefore) {
            byHash.computeIfPresent(tokenHash, (h, c) -> c.lastUsedAt() == null || c.lastUsedAt().isBefore(notBefore)
                    ? new StoredToken(c.tokenId(), c.userId(), c.email(), c.loginOption(), c.roles(), c.expiresAt(), now, c.createdAt())
                    : c);
        }
    }

    static final class MemoryRoles implements RoleCatalog {
        private final Map<String, Role> byName = BuiltInRoles.ALL.stream()
                .collect(Collectors.toUnmodifiableMap(Role::name, Function.identity()));

        @Override
        public Optional<Role> find(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        @Override
        public List<Role> all() {
            return BuiltInRoles.ALL;
        }
    }

    @Setup
    public void setup() {
        String token = new TokenFormat().generate();
        header = "Bearer " + token;
        MemoryTokens credentials = new MemoryTokens();
        credentials.byHash.put(TokenHash.of(token), new StoredToken("tok_4kGq0aVZt1mXb9cR2pLw",
                "usr_7YhN3sQe8uKd2WfJ5vTb", "admin@example.com", LoginOption.NON_INTERACTIVE,
                RoleAssignment.fromCompact(Fixtures.ROLES), null, Instant.now(), Instant.now()));
        verifier = new Verifier(credentials, Clock.systemUTC(), Duration.ofMinutes(1));
        policy = new AccessPolicy(new MemoryRoles());
        if (!verify()) {
            throw new IllegalStateException("the benchmark token is not allowed");
        }
    }

    /** GET /v1/users: DEVELOPER's grant does not match, GLOBAL_USER_ADMIN's first one does. */
    @Benchmark
    public boolean verify() {
        Verification verification = verifier.verify(header);
        return verification instanceof Verification.Authenticated authenticated
                && policy.allows(authenticated.principal(), "GET", "/v1/users");
    }
}
