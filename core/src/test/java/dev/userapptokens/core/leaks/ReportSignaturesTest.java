package dev.userapptokens.core.leaks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.leaks.ReportSignatures.Outcome;

/** Named by outcome: which reports are taken, which are refused, and when the key list is read. */
class ReportSignaturesTest {

    private static final byte[] BODY = "[{\"token\":\"uat_x\",\"type\":\"user_app_token\",\"url\":\"https://github.com/o/r\"}]"
            .getBytes(StandardCharsets.UTF_8);

    private final KeyPair github = keyPair("secp256r1");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T12:00:00Z"));
    private final Map<String, String> published = new HashMap<>(Map.of("k1", pem(github)));
    private int fetches;
    private boolean down;
    private final ReportSignatures signatures = new ReportSignatures(() -> {
        fetches++;
        if (down) {
            throw new IOException("connection refused");
        }
        return Map.copyOf(published);
    }, clock, Duration.ofHours(24), Duration.ofMinutes(1));

    @Test
    void validWhenSignedByAPublishedKey() {
        assertEquals(Outcome.VALID, signatures.check("k1", sign(github, BODY), BODY));
        assertEquals(Outcome.VALID, signatures.check("k1", sign(github, BODY), BODY));
        assertEquals(1, fetches, "the list is cached");
    }

    @Test
    void missingWithoutIdentifierOrSignature() {
        assertEquals(Outcome.MISSING, signatures.check(null, sign(github, BODY), BODY));
        assertEquals(Outcome.MISSING, signatures.check("k1", null, BODY));
        assertEquals(Outcome.MISSING, signatures.check("k1", " ", BODY));
        assertEquals(0, fetches);
    }

    @Test
    void badSignatureWhenTheBodyIsAlteredByOneByte() {
        String signature = sign(github, BODY);
        byte[] altered = BODY.clone();
        altered[10] ^= 1;
        assertEquals(Outcome.BAD_SIGNATURE, signatures.check("k1", signature, altered));
    }

    @Test
    void badSignatureWhenSignedByAnotherKeyOrNotASignature() {
        assertEquals(Outcome.BAD_SIGNATURE, signatures.check("k1", sign(keyPair("secp256r1"), BODY), BODY));
        assertEquals(Outcome.BAD_SIGNATURE, signatures.check("k1", "not base64!", BODY));
        assertEquals(Outcome.BAD_SIGNATURE, signatures.check("k1", Base64.getEncoder().encodeToString(new byte[70]), BODY));
    }

    @Test
    void unknownKeyRefetchesAtMostOncePerMinute() {
        signatures.check("k1", sign(github, BODY), BODY);
        KeyPair rotated = keyPair("secp256r1");
        assertEquals(Outcome.UNKNOWN_KEY, signatures.check("k2", sign(rotated, BODY), BODY));
        assertEquals(1, fetches, "the list was read less than a minute ago");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Outcome.UNKNOWN_KEY, signatures.check("k2", sign(rotated, BODY), BODY));
        assertEquals(2, fetches, "an unknown identifier refetches");
        published.put("k2", pem(rotated));
        for (int i = 0; i < 50; i++) {
            assertEquals(Outcome.UNKNOWN_KEY, signatures.check("k2", sign(rotated, BODY), BODY));
        }
        assertEquals(2, fetches, "not again within the minute, however many reports name it");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Outcome.VALID, signatures.check("k2", sign(rotated, BODY), BODY));
        assertEquals(3, fetches);
    }

    @Test
    void staleKeysAreNotTrustedForever() {
        assertEquals(Outcome.VALID, signatures.check("k1", sign(github, BODY), BODY));
        down = true;
        clock.advance(Duration.ofHours(23));
        assertEquals(Outcome.VALID, signatures.check("k1", sign(github, BODY), BODY), "within a day: cached");
        clock.advance(Duration.ofHours(2));
        assertEquals(Outcome.KEYS_UNAVAILABLE, signatures.check("k1", sign(github, BODY), BODY));
        assertEquals(Outcome.KEYS_UNAVAILABLE, signatures.check("k1", sign(github, BODY), BODY), "still not trusted");
        down = false;
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Outcome.VALID, signatures.check("k1", sign(github, BODY), BODY));
    }

    @Test
    void keysUnavailableWhenTheListCannotBeFetched() {
        down = true;
        assertEquals(Outcome.KEYS_UNAVAILABLE, signatures.check("k1", sign(github, BODY), BODY));
    }

    @Test
    void keysOnOtherCurvesOrGarbageAreLeftOut() {
        KeyPair p384 = keyPair("secp384r1");
        published.put("k384", pem(p384));
        published.put("junk", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----");
        assertEquals(Outcome.UNKNOWN_KEY, signatures.check("k384", sign(p384, BODY), BODY));
        assertEquals(Outcome.UNKNOWN_KEY, signatures.check("junk", sign(github, BODY), BODY));
        assertEquals(Outcome.VALID, signatures.check("k1", sign(github, BODY), BODY), "the good key still counts");
    }

    @Test
    void unknownKeyForAnIdentifierThatCannotBeOne() {
        assertEquals(Outcome.UNKNOWN_KEY, signatures.check("k1\nX", sign(github, BODY), BODY));
        assertEquals(Outcome.UNKNOWN_KEY, signatures.check("k".repeat(300), sign(github, BODY), BODY));
        assertEquals(0, fetches);
    }

    static KeyPair keyPair(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String sign(KeyPair pair, byte[] body) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
