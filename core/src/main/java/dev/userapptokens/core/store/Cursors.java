package dev.userapptokens.core.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.userapptokens.core.RejectedException;

/**
 * Opaque paging cursors, authenticated and bound to the list and filter that issued them (API.md:
 * a cursor this list did not issue is {@code 400 VALIDATION}). A cursor is base64url of
 * {@code version (1 byte) || HMAC-SHA256 tag (32 bytes) || resume key (UTF-8)}; the tag covers the
 * version, the list, the filter and the resume key, under a key the deployment owns. The page size
 * is not bound: a client may change {@code limit} between pages.
 *
 * <p>Built once per process with the deployment's key; without one ({@link #none()}) paging is
 * refused outright, so a misconfigured process cannot hand out or accept unsigned cursors.
 */
public final class Cursors {

    /** The shortest key accepted: 32 bytes, HMAC-SHA256's own strength. */
    public static final int MIN_KEY_BYTES = 32;
    /** Version 2: version 1 ({@code "c1:"} + key) carried no tag and is refused like any forgery. */
    private static final byte VERSION = 2;
    private static final int TAG_BYTES = 32;
    private static final int MAX_LENGTH = 512;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private Cursors(SecretKeySpec key) {
        this.key = key;
    }

    /** Cursors signed with {@code key}, which must hold at least {@link #MIN_KEY_BYTES} bytes. */
    public static Cursors withKey(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a cursor key needs at least " + MIN_KEY_BYTES + " bytes, this one has "
                    + (key == null ? 0 : key.length));
        }
        return new Cursors(new SecretKeySpec(key, ALGORITHM));
    }

    /** The deployment's secret string as a key: its UTF-8 bytes, at least {@link #MIN_KEY_BYTES} of them. */
    public static Cursors withSecret(String secret) {
        return withKey(secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
    }

    /** For processes that never page (authorizer, command-line tools): any use is an error. */
    public static Cursors none() {
        return new Cursors(null);
    }

    /**
     * The cursor that resumes {@code list} with {@code filter} (its canonical form, "" for none)
     * after {@code resumeKey}.
     */
    public String encode(String list, String filter, String resumeKey) {
        byte[] resume = resumeKey.getBytes(StandardCharsets.UTF_8);
        byte[] tag = tag(list, filter, resume);
        ByteBuffer cursor = ByteBuffer.allocate(1 + TAG_BYTES + resume.length).put(VERSION).put(tag).put(resume);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.array());
    }

    /**
     * The resume key inside {@code cursor} when this deployment issued it for {@code list} with
     * {@code filter}; otherwise a 400 rejection naming {@code cursor}. Null stays null.
     */
    public String decode(String list, String filter, String cursor) {
        requireKey();
        if (cursor == null) {
            return null;
        }
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw notOurs();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw notOurs();
        }
        // Only the one spelling we issue: padding or stray low bits would be a second text for the same bytes.
        if (bytes.length <= 1 + TAG_BYTES || bytes[0] != VERSION
                || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(cursor)) {
            throw notOurs();
        }
        byte[] resume = Arrays.copyOfRange(bytes, 1 + TAG_BYTES, bytes.length);
        if (!MessageDigest.isEqual(tag(list, filter, resume), Arrays.copyOfRange(bytes, 1, 1 + TAG_BYTES))) {
            throw notOurs();
        }
        return new String(resume, StandardCharsets.UTF_8);
    }

    /** HMAC over version, list, filter and resume key; NUL separates the parts the code chooses. */
    private byte[] tag(String list, String filter, byte[] resume) {
        requireKey();
        if (list.indexOf('\0') >= 0 || filter.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a list or filter name holds NUL");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // per call: a Mac is not thread-safe
            mac.init(key);
            mac.update(VERSION);
            mac.update((list + '\0' + filter + '\0').getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(resume);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    private void requireKey() {
        if (key == null) {
            throw new IllegalStateException("this process has no cursor key, so it cannot page "
                    + "(give the lists Cursors.withSecret(...), e.g. DynamoWiring.Builder.cursors)");
        }
    }

    private static RejectedException notOurs() {
        return RejectedException.invalid("cursor", "is not a cursor this list issued");
    }
}
