package dev.userapptokens.core.store;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The names of the four tables. In Lambda they come from the environment variables the SAM
 * template sets ({@link #USERS_ENV} and the rest); tests and local runs use their own names.
 */
public record Tables(String users, String roles, String tokens, String audit) {

    public static final String USERS_ENV = "USERS_TABLE";
    public static final String ROLES_ENV = "ROLES_TABLE";
    public static final String TOKENS_ENV = "TOKENS_TABLE";
    public static final String AUDIT_ENV = "AUDIT_TABLE";

    public Tables {
        Objects.requireNonNull(users, "users table");
        Objects.requireNonNull(roles, "roles table");
        Objects.requireNonNull(tokens, "tokens table");
        Objects.requireNonNull(audit, "audit table");
    }

    /** Reads the table names from an environment map, failing clearly when one is missing. */
    public static Tables fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env::get);
    }

    /**
     * Reads the table names by their environment variable names through {@code lookup} (the
     * functions pass their configuration, which sees the environment and, in tests, overrides).
     */
    public static Tables fromEnvironment(Function<String, String> lookup) {
        return new Tables(require(lookup, USERS_ENV), require(lookup, ROLES_ENV), require(lookup, TOKENS_ENV),
                require(lookup, AUDIT_ENV));
    }

    /** The same names with a common prefix, as local runs and tests create them. */
    public static Tables withPrefix(String prefix) {
        return new Tables(prefix + "users", prefix + "roles", prefix + "tokens", prefix + "audit");
    }

    /** One table's name by its environment variable name, for a function that reads only some tables. */
    public static String require(Function<String, String> lookup, String name) {
        String value = lookup.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " must name a DynamoDB table");
        }
        return value;
    }
}
