package dev.userapptokens.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * GitHub's side of secret scanning, for the admin tests: an EC P-256 key pair of the test's own,
 * its public key published on a loopback HTTP server as GitHub publishes its keys
 * ({@code meta/public_keys/secret_scanning}), and the function under test configured to read it.
 */
public class GitHubKeyServer implements QuarkusTestResourceLifecycleManager {

    public static final String KEY_ID = "test-key-1";

    private static volatile KeyPair github;
    private static volatile HttpServer server;
    private static final AtomicInteger FETCHES = new AtomicInteger();

    @Override
    public Map<String, String> start() {
        github = newKeyPair();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/meta/public_keys/secret_scanning", exchange -> {
            FETCHES.incrementAndGet();
            byte[] body = ("{\"public_keys\":[{\"key_identifier\":\"" + KEY_ID + "\",\"key\":\""
                    + pem(github).replace("\n", "\\n") + "\",\"is_current\":true}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("uat.secret-scanning.keys-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/meta/public_keys/secret_scanning");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** How often the function has read the key list. */
    public static int fetches() {
        return FETCHES.get();
    }

    /** Base64 of the DER ECDSA P-256/SHA-256 signature over {@code body}, as GitHub sends it, by the published key. */
    public static String sign(byte[] body) {
        return sign(github, body);
    }

    public static String sign(KeyPair key, byte[] body) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key.getPrivate());
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(KeyPair key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
