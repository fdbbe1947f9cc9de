package dev.userapptokens.core;

import java.security.SecureRandom;

/** Random ids for users, tokens and audit events: a prefix and 20 base62 characters (119 bits). */
public final class Ids {

    public static final String USER_PREFIX = "usr_";
    public static final String TOKEN_PREFIX = "tok_";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int LENGTH = 20;

    private final SecureRandom random;

    public Ids(SecureRandom random) {
        this.random = random;
    }

    public Ids() {
        this(new SecureRandom());
    }

    public String next(String prefix) {
        StringBuilder id = new StringBuilder(prefix.length() + LENGTH).append(prefix);
        for (int i = 0; i < LENGTH; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** True for an id {@link #next} could have made with {@code prefix}; a cheap check before any read. */
    public static boolean isId(String prefix, String candidate) {
        if (candidate == null || candidate.length() != prefix.length() + LENGTH || !candidate.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < candidate.length(); i++) {
            if (ALPHABET.indexOf(candidate.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
