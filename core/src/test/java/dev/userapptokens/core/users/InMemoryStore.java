package dev.userapptokens.core.users;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.userapptokens.core.Page;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.audit.AuditLog;
import dev.userapptokens.core.auth.StoredToken;
import dev.userapptokens.core.auth.TokenLookup;
import dev.userapptokens.core.roles.BuiltInRoles;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.roles.RoleStore;
import dev.userapptokens.core.roles.StoredRole;
import dev.userapptokens.core.store.ConcurrentChange;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.tokens.TokenInfo;

/**
 * Core's storage ports in memory, for plain JUnit tests of the services' rules: one lock stands
 * for DynamoDB's transaction, and every write checks what the DynamoDB store's conditions check
 * (the version read, a free email, the last Global User Admin, the revoked token's index entry,
 * a role's version and holders, the assigned role as it was checked).
 * The DynamoDB implementations are tested on the local engine.
 */
public final class InMemoryStore implements UserStore, AuditLog, TokenLookup {

    /** A token's item: what verification reads, and what the admin API lists. */
    private record TokenItem(StoredToken token, String label, String rotatedFrom) {
    }

    private final TreeMap<String, StoredUser> users = new TreeMap<>();
    private final Map<String, String> emails = new HashMap<>();
    private final Map<String, TokenItem> tokenItems = new HashMap<>();
    private final List<AuditEvent> events = new ArrayList<>();
    private final TreeMap<String, StoredRole> roles = new TreeMap<>();
    private final Cursors cursors;

    /** {@code cursors} sign the pages of both lists, as the deployment's key does on DynamoDB. The built-in roles are seeded. */
    public InMemoryStore(Cursors cursors) {
        this.cursors = cursors;
        BuiltInRoles.ALL.forEach(role -> roles.put(role.name(), new StoredRole(role, 0, 0)));
    }

    // --- UserStore ---------------------------------------------------------------------------

    @Override
    public synchronized Optional<StoredUser> load(String id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public synchronized Page<User> list(String limit, String cursor, String loginOption) {
        int size = UserRules.pageSize(limit);
        LoginOption filter = UserRules.loginOption(loginOption);
        String boundTo = filter == null ? "" : "loginOption=" + filter.name();
        String after = cursors.decode("users", boundTo, cursor);
        List<User> page = new ArrayList<>();
        for (StoredUser stored : (after == null ? users : users.tailMap(after, false)).values()) {
            if (filter != null && stored.user().loginOption() != filter) {
                continue;
            }
            if (page.size() == size) {
                return new Page<>(page, cursors.encode("users", boundTo, page.get(size - 1).id()));
            }
            page.add(stored.user());
        }
        return new Page<>(page, null);
    }

    @Override
    public synchronized Optional<String> anyWithRole(String role) {
        return users.values().stream().map(StoredUser::user)
                .filter(u -> RoleAssignment.toCompact(u.roles()).contains(role)).map(User::id).findFirst();
    }

    @Override
    public synchronized void create(User user, AuditEvent event) {
        if (users.containsKey(user.id())) {
            throw new ConcurrentChange(null);
        }
        if (emails.containsKey(UserRules.emailKey(user.email()))) {
            throw RejectedException.conflict("email: a user with this email already exists");
        }
        countHolders(List.of(), user.roles());
        users.put(user.id(), new StoredUser(user, 1, Map.of()));
        emails.put(UserRules.emailKey(user.email()), user.id());
        events.add(event);
    }

    @Override
    public synchronized void update(StoredUser before, User after, List<String> expired, AuditEvent event) {
        current(before);
        keepAnAdmin(before.user(), after);
        countHolders(before.user().roles(), after.roles());
        Map<String, StoredUser.TokenRef> index = new LinkedHashMap<>(before.tokens());
        expired.forEach(index::remove);
        if (!after.roles().equals(before.user().roles())) {
            index.values().forEach(ref -> tokenItems.computeIfPresent(ref.hash(), (hash, item) -> withOwner(item, after)));
        }
        users.put(after.id(), new StoredUser(after, before.version() + 1, index));
        events.add(event);
    }

    @Override
    public synchronized void delete(StoredUser stored, AuditEvent event) {
        current(stored);
        keepAnAdmin(stored.user(), null);
        countHolders(stored.user().roles(), List.of());
        users.remove(stored.user().id());
        emails.remove(UserRules.emailKey(stored.user().email()));
        stored.tokens().values().forEach(ref -> tokenItems.remove(ref.hash()));
        events.add(event);
    }

    @Override
    public synchronized void addToken(StoredUser owner, TokenInfo token, String hash, List<String> expired,
                                      AuditEvent event) {
        current(owner);
        if (tokenItems.containsKey(hash)) {
            throw new ConcurrentChange(null);
        }
        User user = owner.user();
        tokenItems.put(hash, new TokenItem(new StoredToken(token.id(), user.id(), user.email(), user.loginOption(),
                user.roles(), token.expiresAt(), null, token.createdAt(), token.permissions()), token.label(),
                token.rotatedFrom()));
        Map<String, StoredUser.TokenRef> index = new LinkedHashMap<>(owner.tokens());
        expired.forEach(index::remove);
        index.put(token.id(), new StoredUser.TokenRef(hash, token.expiresAt()));
        users.put(user.id(), new StoredUser(user, owner.version() + 1, index));
        events.add(event);
    }

    @Override
    public synchronized void removeToken(String userId, String tokenId, String hash, AuditEvent event) {
        StoredUser owner = users.get(userId);
        StoredUser.TokenRef ref = owner == null ? null : owner.tokens().get(tokenId);
        if (ref == null || !ref.hash().equals(hash)) {
            throw new ConcurrentChange(null);
        }
        tokenItems.remove(hash);
        Map<String, StoredUser.TokenRef> index = new LinkedHashMap<>(owner.tokens());
        index.remove(tokenId);
        users.put(userId, new StoredUser(owner.user(), owner.version(), index)); // as on DynamoDB: no new version
        events.add(event);
    }

    @Override
    public synchronized void rotateToken(StoredUser owner, String oldId, TokenInfo successor, String successorHash,
                                         Instant oldStopsAt, List<String> expired, AuditEvent event) {
        current(owner);
        StoredUser.TokenRef old = owner.tokens().get(oldId);
        if (tokenItems.containsKey(successorHash) || !tokenItems.containsKey(old.hash())) {
            throw new ConcurrentChange(null);
        }
        User user = owner.user();
        tokenItems.put(successorHash, new TokenItem(new StoredToken(successor.id(), user.id(), user.email(),
                user.loginOption(), user.roles(), successor.expiresAt(), null, successor.createdAt(),
                successor.permissions()), successor.label(), successor.rotatedFrom()));
        Map<String, StoredUser.TokenRef> index = new LinkedHashMap<>(owner.tokens());
        expired.forEach(index::remove);
        index.put(successor.id(), new StoredUser.TokenRef(successorHash, successor.expiresAt()));
        if (oldStopsAt == null) {
            tokenItems.remove(old.hash());
            index.remove(oldId);
        } else {
            tokenItems.computeIfPresent(old.hash(), (hash, item) -> {
                StoredToken t = item.token();
                return new TokenItem(new StoredToken(t.tokenId(), t.userId(), t.email(), t.loginOption(), t.roles(),
                        oldStopsAt, t.lastUsedAt(), t.createdAt(), t.permissions()), item.label(), item.rotatedFrom());
            });
            index.put(oldId, new StoredUser.TokenRef(old.hash(), oldStopsAt, successor.id()));
        }
        users.put(user.id(), new StoredUser(user, owner.version() + 1, index));
        events.add(event);
    }

    private static TokenInfo info(TokenItem item) {
        StoredToken t = item.token();
        return new TokenInfo(t.tokenId(), item.label(), t.createdAt(), t.expiresAt(), t.lastUsedAt(), t.permissions(),
                item.rotatedFrom());
    }

    @Override
    public synchronized List<TokenInfo> tokens(StoredUser owner) {
        List<TokenInfo> out = new ArrayList<>();
        for (StoredUser.TokenRef ref : owner.tokens().values()) {
            TokenItem item = tokenItems.get(ref.hash());
            if (item != null) {
                out.add(info(item));
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<TokenInfo> token(String hash) {
        TokenItem item = tokenItems.get(hash);
        return item == null ? Optional.empty() : Optional.of(info(item));
    }

    // --- RoleStore (a view: its methods' names are UserStore's) ------------------------------

    private final RoleStore roleStore = new RoleStore() {
        @Override
        public Optional<StoredRole> load(String name) {
            synchronized (InMemoryStore.this) {
                return Optional.ofNullable(roles.get(name));
            }
        }

        @Override
        public List<StoredRole> list() {
            synchronized (InMemoryStore.this) {
                return List.copyOf(roles.values());
            }
        }

        @Override
        public void put(StoredRole before, Role after, AuditEvent event) {
            synchronized (InMemoryStore.this) {
                StoredRole now = roles.get(after.name());
                long version = now == null ? 0 : now.version();
                if (version != (before == null ? 0 : before.version())) {
                    throw new ConcurrentChange(null);
                }
                long holders = now == null ? 0 : now.holders();
                if ((before == null || before.role().scoped() != after.scoped()) && holders != 0) {
                    throw new ConcurrentChange(null);
                }
                roles.put(after.name(), new StoredRole(after, version + 1, holders));
                events.add(event);
            }
        }

        @Override
        public void delete(StoredRole stored, AuditEvent event) {
            synchronized (InMemoryStore.this) {
                StoredRole now = roles.get(stored.role().name());
                if (now == null || now.version() != stored.version() || now.holders() != 0) {
                    throw new ConcurrentChange(null);
                }
                roles.remove(stored.role().name());
                events.add(event);
            }
        }
    };

    /** The roles, under the same lock as the users (their holder counts move with the user changes). */
    public RoleStore roleStore() {
        return roleStore;
    }

    // --- AuditLog ----------------------------------------------------------------------------

    @Override
    public synchronized Page<AuditEvent> list(String limit, String cursor) {
        int size = UserRules.pageSize(limit);
        String after = cursors.decode("audit", "", cursor);
        int from = after == null ? 0 : Integer.parseInt(after);
        List<AuditEvent> newestFirst = new ArrayList<>(events);
        java.util.Collections.reverse(newestFirst);
        newestFirst.sort(Comparator.comparing(AuditEvent::at).reversed()); // stable: ties stay newest first
        List<AuditEvent> page = newestFirst.subList(Math.min(from, newestFirst.size()),
                Math.min(from + size, newestFirst.size()));
        String next = from + size < newestFirst.size() ? cursors.encode("audit", "", Integer.toString(from + size)) : null;
        return new Page<>(List.copyOf(page), next);
    }

    // --- TokenLookup -------------------------------------------------------------------------

    @Override
    public synchronized Optional<StoredToken> find(String tokenHash) {
        TokenItem item = tokenItems.get(tokenHash);
        return item == null ? Optional.empty() : Optional.of(item.token());
    }

    @Override
    public synchronized void recordUse(String tokenHash, Instant now, Instant notBefore) {
        tokenItems.computeIfPresent(tokenHash, (hash, item) -> {
            StoredToken t = item.token();
            if (t.lastUsedAt() != null && !t.lastUsedAt().isBefore(notBefore)) {
                return item;
            }
            return new TokenItem(new StoredToken(t.tokenId(), t.userId(), t.email(), t.loginOption(), t.roles(),
                    t.expiresAt(), now, t.createdAt(), t.permissions()), item.label(), item.rotatedFrom());
        });
    }

    // --- for tests ---------------------------------------------------------------------------

    /** Stores a token item as it is, owner or no owner: for verifier outcomes no service writes. */
    public synchronized void putToken(String hash, StoredToken token) {
        tokenItems.put(hash, new TokenItem(token, "test", null));
    }

    public synchronized List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /** As the DynamoDB user store's holder updates: checked all first, then counted (one transaction). */
    private void countHolders(List<RoleAssignment> before, List<RoleAssignment> after) {
        Map<String, Integer> delta = new LinkedHashMap<>();
        Map<String, Boolean> scoped = new HashMap<>();
        after.forEach(role -> {
            delta.merge(role.name(), 1, Integer::sum);
            scoped.put(role.name(), !role.workspaces().isEmpty());
        });
        before.forEach(role -> delta.merge(role.name(), -1, Integer::sum));
        delta.values().removeIf(d -> d == 0);
        delta.keySet().removeIf(BuiltInRoles::isBuiltIn);
        delta.forEach((name, d) -> {
            StoredRole role = roles.get(name);
            if (role == null || (d > 0 && role.role().scoped() != scoped.get(name))) {
                throw new ConcurrentChange(null);
            }
        });
        delta.forEach((name, d) -> roles.computeIfPresent(name,
                (n, role) -> new StoredRole(role.role(), role.version(), role.holders() + d)));
    }

    private void current(StoredUser read) {
        StoredUser now = users.get(read.user().id());
        if (now == null || now.version() != read.version()) {
            throw new ConcurrentChange(null);
        }
    }

    /** The DynamoDB admin guard's condition: the change may not take out the last admin. */
    private void keepAnAdmin(User before, User after) {
        if (AdminGuard.isAdmin(before) && (after == null || !AdminGuard.isAdmin(after))
                && users.values().stream().map(StoredUser::user).filter(AdminGuard::isAdmin).count() <= 1) {
            throw RejectedException.conflict(AdminGuard.LAST_ADMIN);
        }
    }

    private static TokenItem withOwner(TokenItem item, User owner) {
        StoredToken t = item.token();
        return new TokenItem(new StoredToken(t.tokenId(), t.userId(), t.email(), t.loginOption(), owner.roles(),
                t.expiresAt(), t.lastUsedAt(), t.createdAt(), t.permissions()), item.label(), item.rotatedFrom());
    }
}
