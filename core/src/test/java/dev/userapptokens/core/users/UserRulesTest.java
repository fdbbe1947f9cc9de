package dev.userapptokens.core.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.roles.BuiltInRoles;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.roles.RoleCatalog;

/** The input rules of API.md as tables, without storage or HTTP: each row one accepted or refused value. */
class UserRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.500Z");

    private static final RoleCatalog BUILT_IN = new RoleCatalog() {
        @Override
        public Optional<Role> find(String name) {
            return BuiltInRoles.ALL.stream().filter(r -> r.name().equals(name)).findFirst();
        }

        @Override
        public List<Role> all() {
            return BuiltInRoles.ALL;
        }
    };

    private static String refusal(Runnable rule) {
        RejectedException e = assertThrows(RejectedException.class, rule::run);
        assertEquals(RejectedException.Kind.VALIDATION, e.kind());
        return e.getMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Ada|Ada", "'  Ada  '|Ada", "Zoë|Zoë", "李|李", "Ada 👩‍💻|Ada 👩‍💻", "\u00e9\u0301|\u00e9\u0301",
            "'\u00a0Ada\u3000'|Ada", "'\u202fAda Lovelace\u2007'|Ada Lovelace"})
    void namesAccepted(String input, String stored) {
        assertEquals(stored, UserRules.name("firstName", input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\ud800", "a\udc00b", "a\ud83dz", "\ude00x", "A\u0000da", "A\u0007", "A\u001fB",
            "A\u007fB", "A\u0085B", "A\u009fB", "line\u2028sep", "par\u2029sep", "rtl\u202Eoverride", "iso\u2066late",
            // a control character at an end is refused too, not trimmed away; Unicode spaces alone are blank
            "Ada\n", "\tAda", "Ada\r\n", "Ada\u001f", "\u001cAda", "Ada\u000b", "\u0085Ada", "\u00a0", "\u2007\u202f\u3000"})
    void namesRefused(String input) {
        assertTrue(refusal(() -> UserRules.name("firstName", input)).startsWith("firstName: "));
    }

    @Test
    void nameLengthCountsCharactersNotUtf16Units() {
        String hundredEmoji = "😀".repeat(100); // 200 UTF-16 units
        assertEquals(hundredEmoji, UserRules.name("lastName", hundredEmoji));
        refusal(() -> UserRules.name("lastName", "😀".repeat(101)));
        refusal(() -> UserRules.name("lastName", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@example.com", "first.last+tag@sub.example.co", " a@example.com "})
    void emailsAccepted(String input) {
        assertEquals(input.strip(), UserRules.email(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a@b", "a b@example.com", "a@example.com\u0000", "\ud800@example.com",
            "a..b@example.com", ".a@example.com", "a@-example.com", "a@example.c",
            "a@example.com\n", "\ta@example.com", "a@example.com\u001f"})
    void emailsRefused(String input) {
        assertTrue(refusal(() -> UserRules.email(input)).startsWith("email: "));
    }

    @Test
    void emailLimits() {
        String local64 = "a".repeat(64);
        assertEquals(local64 + "@example.com", UserRules.email(local64 + "@example.com"));
        refusal(() -> UserRules.email("a".repeat(65) + "@example.com"));
        String host = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com"; // 195
        assertEquals(254, UserRules.email("a".repeat(58) + "@" + host).length());
        refusal(() -> UserRules.email("a".repeat(59) + "@" + host)); // 255 characters
        assertEquals("A@Example.COM".toLowerCase(), UserRules.emailKey("A@Example.COM"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\ud800", "ci\u0000", "ci\nbot"})
    void labelsRefused(String input) {
        assertTrue(refusal(() -> UserRules.label(input)).startsWith("label: "));
    }

    @Test
    void labelTrimmedAndBounded() {
        assertEquals("ci pipeline", UserRules.label("  ci pipeline "));
        assertEquals("x".repeat(100), UserRules.label("x".repeat(100)));
        refusal(() -> UserRules.label("x".repeat(101)));
    }

    @ParameterizedTest
    @CsvSource({
            "2026-12-03T10:00:01.500Z, 2026-12-03T10:00:01Z", // exactly a second ahead: the floor of it, still after NOW
            "2026-12-03T10:00:01.999Z, 2026-12-03T10:00:01Z",
            "2026-12-03T10:00:02Z, 2026-12-03T10:00:02Z",
            "2036-11-30T10:00:00.500Z, 2036-11-30T10:00:00Z"})
    void expiresAtAcceptedLaterThanCreatedAt(String requested, String stored) {
        Instant expiry = UserRules.expiry(null, Instant.parse(requested), NOW);
        assertEquals(Instant.parse(stored), expiry);
        assertTrue(expiry.isAfter(NOW), "always later than createdAt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-03T10:00:00.500Z", "2026-12-03T10:00:00.900Z", "2026-12-03T10:00:01.499Z",
            "2026-12-03T09:00:00Z", "2036-12-01T10:00:00.501Z"})
    void expiresAtRefused(String requested) {
        assertTrue(refusal(() -> UserRules.expiry(null, Instant.parse(requested), NOW)).startsWith("expiresAt: "));
    }

    @ParameterizedTest
    @CsvSource({"1, 2026-12-04T10:00:00Z", "90, 2027-03-03T10:00:00Z", "3650, 2036-11-30T10:00:00Z"})
    void expiresInDaysAccepted(int days, String stored) {
        assertEquals(Instant.parse(stored), UserRules.expiry(days, null, NOW));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 3651, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void expiresInDaysRefused(int days) {
        assertTrue(refusal(() -> UserRules.expiry(days, null, NOW)).startsWith("expiresInDays: "));
    }

    @Test
    void expiryNeverOrNotBoth() {
        assertNull(UserRules.expiry(null, null, NOW));
        refusal(() -> UserRules.expiry(5, NOW.plusSeconds(3600), NOW));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"NULL, 50", "1, 1", "100, 100", "' 7 ', 7"})
    void pageSizesAccepted(String limit, int size) {
        assertEquals(size, UserRules.pageSize(limit));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "ten", "", "1.5", "99999999999", "\u0665", "\uFF15", "1\u0660", "+5"})
    void pageSizesRefused(String limit) {
        assertTrue(refusal(() -> UserRules.pageSize(limit)).startsWith("limit: "));
    }

    @Test
    void loginOptionFilter() {
        assertNull(UserRules.loginOption(null));
        assertEquals(LoginOption.INTERACTIVE, UserRules.loginOption("INTERACTIVE"));
        refusal(() -> UserRules.loginOption("interactive"));
        refusal(() -> UserRules.loginOption(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomorrow", "2027-01-01", "2027-01-01T00:00:00", "", "2027-13-01T00:00:00Z"})
    void timestampsRefused(String value) {
        assertTrue(refusal(() -> UserRules.timestamp("expiresAt", value)).startsWith("expiresAt: "));
    }

    @Test
    void timestampsWithOffsetAccepted() {
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), UserRules.timestamp("expiresAt", "2027-01-01T01:00:00+01:00"));
        assertNull(UserRules.timestamp("expiresAt", null));
    }

    @Test
    void rolesAccepted() {
        List<RoleAssignment> roles = List.of(RoleAssignment.of("DEVELOPER"), RoleAssignment.of("WORKSPACE_MANAGER", "ws-1", "ws.2_x"));
        assertEquals(roles, UserRules.roles(roles, BUILT_IN));
        assertEquals(List.of(), UserRules.roles(null, BUILT_IN));
    }

    @Test
    void rolesRefused() {
        for (List<RoleAssignment> roles : List.of(
                List.of(RoleAssignment.of("ROOT")),
                List.of(RoleAssignment.of("developer")),
                List.of(RoleAssignment.of("DEVELOPER"), RoleAssignment.of("DEVELOPER")),
                List.of(RoleAssignment.of("WORKSPACE_VIEWER")),
                List.of(RoleAssignment.of("DEVELOPER", "ws-1")),
                List.of(RoleAssignment.of("WORKSPACE_VIEWER", "ws-1", "ws-1")),
                List.of(RoleAssignment.of("WORKSPACE_VIEWER", "ws|1")),
                List.of(RoleAssignment.of("WORKSPACE_VIEWER", "-ws")),
                List.of(RoleAssignment.of("WORKSPACE_VIEWER", "w".repeat(65))))) {
            assertTrue(refusal(() -> UserRules.roles(roles, BUILT_IN)).startsWith("roles: "), roles.toString());
        }
        String echoed = refusal(() -> UserRules.roles(List.of(RoleAssignment.of("<script>\nX")), BUILT_IN));
        assertTrue(echoed.contains("'?script??X'"), echoed);
    }
}
