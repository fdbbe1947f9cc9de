package dev.userapptokens.core.leaks;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the signature of a secret scanning report (GitHub's partner program): ECDSA P-256 with
 * SHA-256 over the raw body, DER-encoded and base64ed, by the public key the report names from the
 * deployment's key list. The list is cached; an unknown identifier refetches it, at most once per
 * {@code minRefetch}; a list older than {@code maxAge} is not trusted until it is fetched again.
 */
public final class ReportSignatures {

    /** The key list at the deployment's configured URL: key identifier to PEM public key. */
    public interface KeyList {
        Map<String, String> fetch() throws IOException;
    }

    /** Why a report is taken or refused; every refusal but {@link #KEYS_UNAVAILABLE} is the sender's fault. */
    public enum Outcome { VALID, MISSING, UNKNOWN_KEY, BAD_SIGNATURE, KEYS_UNAVAILABLE }

    // The order of the P-256 group: a key on another curve is refused whatever it signs.
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9+/=_.:-]{1,256}");
    private static final int MAX_SIGNATURE = 512; // base64 of a DER P-256 signature is at most 96 characters

    private final KeyList source;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration minRefetch;
    private Map<String, PublicKey> keys = Map.of();
    private Instant fetchedAt;
    private Instant lastAttempt;

    public ReportSignatures(KeyList source, Clock clock, Duration maxAge, Duration minRefetch) {
        this.source = source;
        this.clock = clock;
        this.maxAge = maxAge;
        this.minRefetch = minRefetch;
    }

    public Outcome check(String identifier, String signature, byte[] body) {
        if (identifier == null || signature == null || identifier.isBlank() || signature.isBlank()) {
            return Outcome.MISSING;
        }
        if (!IDENTIFIER.matcher(identifier).matches() || signature.length() > MAX_SIGNATURE) {
            return Outcome.UNKNOWN_KEY;
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return Outcome.BAD_SIGNATURE;
        }
        PublicKey key;
        try {
            key = key(identifier);
        } catch (IOException e) {
            return Outcome.KEYS_UNAVAILABLE;
        }
        if (key == null) {
            return Outcome.UNKNOWN_KEY;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(der) ? Outcome.VALID : Outcome.BAD_SIGNATURE;
        } catch (GeneralSecurityException e) {
            return Outcome.BAD_SIGNATURE; // not a DER signature
        }
    }

    /** The key of that identifier, from a list no older than maxAge; null when the list has none. */
    private synchronized PublicKey key(String identifier) throws IOException {
        Instant now = clock.instant();
        boolean fresh = fetchedAt != null && now.isBefore(fetchedAt.plus(maxAge));
        if (fresh && keys.containsKey(identifier)) {
            return keys.get(identifier);
        }
        boolean mayFetch = lastAttempt == null || !now.isBefore(lastAttempt.plus(minRefetch));
        if (mayFetch) {
            lastAttempt = now;
            try {
                keys = parse(source.fetch());
                fetchedAt = now;
                fresh = true;
            } catch (IOException | RuntimeException e) {
                if (!fresh) {
                    keys = Map.of(); // stale keys are not trusted for ever
                    throw e instanceof IOException io ? io : new IOException(e);
                }
            }
        }
        if (!fresh) {
            keys = Map.of();
            throw new IOException("the key list is older than " + maxAge + " and was fetched less than "
                    + minRefetch + " ago");
        }
        return keys.get(identifier);
    }

    /** P-256 keys only; an entry that is not one is left out (the others still count). */
    private static Map<String, PublicKey> parse(Map<String, String> pems) {
        Map<String, PublicKey> parsed = new HashMap<>();
        pems.forEach((identifier, pem) -> {
            try {
                String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
                PublicKey key = KeyFactory.getInstance("EC")
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
                if (key instanceof ECPublicKey ec && ec.getParams().getOrder().equals(P256_ORDER)) {
                    parsed.put(identifier, key);
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not a usable key: skipped
            }
        });
        return Map.copyOf(parsed);
    }
}
