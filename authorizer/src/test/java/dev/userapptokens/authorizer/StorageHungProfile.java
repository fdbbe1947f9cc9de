package dev.userapptokens.authorizer;

import dev.userapptokens.core.store.Tables;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * DynamoDB that accepts connections and never answers (a loopback socket that reads nothing):
 * the worst case for time, where only the SDK's attempt and call timeouts end the wait.
 */
public class StorageHungProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.lambda.handler", HttpApiHandler.NAME);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SilentServer.class));
    }

    public static class SilentServer implements QuarkusTestResourceLifecycleManager {

        private ServerSocket server;
        private final List<Socket> held = new ArrayList<>();

        @Override
        public Map<String, String> start() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        synchronized (held) {
                            held.add(socket); // kept open, never read, never answered
                        }
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-dynamodb");
            acceptor.setDaemon(true);
            acceptor.start();
            return Map.of(
                    "quarkus.dynamodb.endpoint-override", "http://127.0.0.1:" + server.getLocalPort(),
                    Tables.USERS_ENV, "hung-users",
                    Tables.ROLES_ENV, "hung-roles",
                    Tables.TOKENS_ENV, "hung-tokens",
                    Tables.AUDIT_ENV, "hung-audit");
        }

        @Override
        public void stop() {
            try {
                server.close();
                synchronized (held) {
                    for (Socket socket : held) {
                        socket.close();
                    }
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
