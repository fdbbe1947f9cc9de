package dev.userapptokens.core.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.userapptokens.core.RejectedException;

class TokenPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.250Z");

    @ParameterizedTest(name = "max {0}, default {1}, asked {2} days -> expires {3}")
    @CsvSource(nullValues = "NULL", value = {
            "NULL, NULL, NULL, NULL",
            "NULL, NULL, 400, 2028-01-07T10:00:00Z",
            "NULL, 7, NULL, 2026-12-10T10:00:00Z",
            "30, NULL, NULL, 2027-01-02T10:00:00Z",
            "30, 7, NULL, 2026-12-10T10:00:00Z",
            "30, 7, 30, 2027-01-02T10:00:00Z",
            "30, 7, 1, 2026-12-04T10:00:00Z"})
    void expiry(Integer max, Integer defaults, Integer asked, String expires) {
        Instant expiry = new TokenPolicy(max, defaults).expiry(asked, null, NOW);
        assertEquals(expires == null ? null : Instant.parse(expires), expiry);
    }

    @Test
    void beyondTheMaximumIsRefused() {
        TokenPolicy policy = new TokenPolicy(30, null);
        RejectedException days = assertThrows(RejectedException.class, () -> policy.expiry(31, null, NOW));
        assertEquals("expiresInDays: the token policy allows at most 30 days", days.getMessage());
        RejectedException at = assertThrows(RejectedException.class,
                () -> policy.expiry(null, NOW.plusSeconds(30L * 86_400 + 2), NOW));
        assertTrue(at.getMessage().startsWith("expiresAt: "));
        assertEquals(Instant.parse("2027-01-02T10:00:00Z"), policy.expiry(null, Instant.parse("2027-01-02T10:00:00.250Z"), NOW));
    }

    @Test
    void zeroMeansNone() {
        assertEquals(TokenPolicy.NONE, TokenPolicy.of("0", ""));
        assertEquals(new TokenPolicy(90, 30), TokenPolicy.of("90", " 30 "));
        assertNull(TokenPolicy.of(null, null).maxLifetimeDays());
    }

    @Test
    void inconsistentConfigurationIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> TokenPolicy.of("7", "30"));
        assertThrows(IllegalArgumentException.class, () -> TokenPolicy.of("-1", "0"));
        assertThrows(IllegalArgumentException.class, () -> TokenPolicy.of("ninety", "0"));
        assertThrows(IllegalArgumentException.class, () -> TokenPolicy.of("3651", "0"));
    }

    @Test
    void ageIsCheckedOnUseAgainstTheMaximum() {
        TokenPolicy policy = new TokenPolicy(30, null);
        Instant created = NOW.minusSeconds(30L * 86_400);
        assertFalse(policy.allowsAge(created, NOW), "exactly the maximum: refused");
        assertTrue(policy.allowsAge(created.plusMillis(1), NOW));
        assertFalse(policy.allowsAge(null, NOW), "no creation time under a maximum: refused");
        assertTrue(TokenPolicy.NONE.allowsAge(null, NOW));
        assertTrue(TokenPolicy.NONE.allowsAge(Instant.EPOCH, NOW));
    }

    @Test
    void aRotatedTokenInheritsTheOldLifetimeCutToTheMaximum() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        TokenInfo ninetyDays = new TokenInfo("tok_1", "x", now.minusSeconds(86_400L * 100),
                now.minusSeconds(86_400L * 10), null);
        TokenInfo forever = new TokenInfo("tok_2", "x", now.minusSeconds(86_400L), null, null);
        assertEquals(now.plusSeconds(86_400L * 90), TokenPolicy.NONE.rotatedExpiry(null, null, ninetyDays, now));
        assertEquals(now.plusSeconds(86_400L * 30), new TokenPolicy(30, null).rotatedExpiry(null, null, ninetyDays, now));
        assertEquals(now.plusSeconds(86_400L * 7), new TokenPolicy(30, null).rotatedExpiry(7, null, ninetyDays, now),
                "as asked");
        assertNull(TokenPolicy.NONE.rotatedExpiry(null, null, forever, now));
        assertEquals(now.plusSeconds(86_400L * 5), new TokenPolicy(30, 5).rotatedExpiry(null, null, forever, now),
                "no lifetime to inherit: the policy default");
        assertThrows(RejectedException.class, () -> new TokenPolicy(30, null).rotatedExpiry(31, null, forever, now));
    }
}
