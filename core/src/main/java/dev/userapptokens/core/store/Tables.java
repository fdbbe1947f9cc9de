package dev.userapptokens.core.store;

import java.util.Map;
import java.util.Objects;

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
        return new Tables(require(env, USERS_ENV), require(env, ROLES_ENV), require(env, TOKENS_ENV),
                require(env, AUDIT_ENV));
    }

    /** The same names with a common prefix, as local runs and tests create them. */
    public static Tables withPrefix(String prefix) {
        return new Tables(prefix + "users", prefix + "roles", prefix + "tokens", prefix + "audit");
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " must name a DynamoDB table");
        }
        return value;
    }
}
