package dev.userapptokens.core.tokens;

import java.time.Duration;
import java.time.Instant;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.users.UserRules;

/**
 * The deployment's token lifetime policy (template parameters MaxTokenLifetimeDays and
 * DefaultTokenLifetimeDays; 0 or absent = none): the default expiry of a token created or rotated
 * without one, the longest lifetime it may ask for, and the age past which any token is refused on
 * use, even one created before the policy was set.
 */
public record TokenPolicy(Integer maxLifetimeDays, Integer defaultLifetimeDays) {

    public static final TokenPolicy NONE = new TokenPolicy(null, null);

    public TokenPolicy {
        maxLifetimeDays = noneIfZero("MaxTokenLifetimeDays", maxLifetimeDays);
        defaultLifetimeDays = noneIfZero("DefaultTokenLifetimeDays", defaultLifetimeDays);
        if (maxLifetimeDays != null && defaultLifetimeDays != null && defaultLifetimeDays > maxLifetimeDays) {
            throw new IllegalArgumentException("DefaultTokenLifetimeDays (" + defaultLifetimeDays
                    + ") must not exceed MaxTokenLifetimeDays (" + maxLifetimeDays + ")");
        }
    }

    /** From configuration values as the template passes them: empty, "0" or a number of days. */
    public static TokenPolicy of(String maxLifetimeDays, String defaultLifetimeDays) {
        return new TokenPolicy(days("MaxTokenLifetimeDays", maxLifetimeDays), days("DefaultTokenLifetimeDays", defaultLifetimeDays));
    }

    /**
     * The expiry of a token created (or rotated) at {@code now}: as asked ({@link UserRules#expiry}),
     * else the default, else the maximum (a token without expiry would outlive it), else none.
     * Asking for more than the maximum is a 400.
     */
    public Instant expiry(Integer expiresInDays, Instant expiresAt, Instant now) {
        Instant asked = UserRules.expiry(expiresInDays, expiresAt, now);
        if (asked == null) {
            Integer days = defaultLifetimeDays != null ? defaultLifetimeDays : maxLifetimeDays;
            return days == null ? null : UserRules.expiry(days, null, now);
        }
        if (maxLifetimeDays != null && asked.isAfter(now.plus(Duration.ofDays(maxLifetimeDays)))) {
            throw RejectedException.invalid(expiresInDays != null ? "expiresInDays" : "expiresAt",
                    "the token policy allows at most " + maxLifetimeDays + " days");
        }
        return asked;
    }

    /**
     * The expiry of a token rotated at {@code now} from {@code old}: as asked, else the old
     * token's lifetime counted from now (cut to the maximum), else as {@link #expiry} gives it.
     */
    public Instant rotatedExpiry(Integer expiresInDays, Instant expiresAt, TokenInfo old, Instant now) {
        if (expiresInDays != null || expiresAt != null || old.expiresAt() == null || old.createdAt() == null) {
            return expiry(expiresInDays, expiresAt, now);
        }
        Instant inherited = now.plus(Duration.between(old.createdAt(), old.expiresAt()));
        if (maxLifetimeDays != null && inherited.isAfter(now.plus(Duration.ofDays(maxLifetimeDays)))) {
            return now.plus(Duration.ofDays(maxLifetimeDays));
        }
        return inherited;
    }

    /**
     * Whether a token created at {@code createdAt} that expires at {@code expiresAt} (null: never)
     * still works at {@code now}: before its own expiry and not older than the maximum lifetime.
     * The one rule of verification, rotation and revocation.
     */
    public boolean isValid(Instant createdAt, Instant expiresAt, Instant now) {
        return (expiresAt == null || now.isBefore(expiresAt)) && allowsAge(createdAt, now);
    }

    /** False once a token created at {@code createdAt} is older than the maximum lifetime. */
    public boolean allowsAge(Instant createdAt, Instant now) {
        return maxLifetimeDays == null || (createdAt != null && now.isBefore(createdAt.plus(Duration.ofDays(maxLifetimeDays))));
    }

    private static Integer noneIfZero(String name, Integer days) {
        if (days != null && (days < 0 || days > UserRules.MAX_EXPIRES_IN_DAYS)) {
            throw new IllegalArgumentException(name + " must be 0 (none) to " + UserRules.MAX_EXPIRES_IN_DAYS + " days, not " + days);
        }
        return days == null || days == 0 ? null : days;
    }

    private static Integer days(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of days, not '" + value + "'");
        }
    }
}
