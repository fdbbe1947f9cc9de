package dev.userapptokens.localdynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class LocalDynamoTest {

    @Test
    void missingMotoServerFailsAtOnceWithTheInstallCommand() {
        String saved = System.getProperty("localdynamodb.moto.server");
        System.setProperty("localdynamodb.moto.server", "/nonexistent/moto_server");
        try {
            Instant start = Instant.now();
            IllegalStateException e = assertThrows(IllegalStateException.class, MotoServer::start);
            assertTrue(e.getMessage().contains("pip install \"moto[server]\""), e.getMessage());
            assertTrue(Duration.between(start, Instant.now()).toMillis() < 1000, "fails at once");
        } finally {
            if (saved == null) {
                System.clearProperty("localdynamodb.moto.server");
            } else {
                System.setProperty("localdynamodb.moto.server", saved);
            }
        }
    }

    @Test
    void createsTheTemplatesTablesWithTtlAndStopsTheServer() {
        MotoServer moto;
        try (LocalDynamo local = LocalDynamo.start()) {
            moto = local.moto();
            List<String> names = local.client().listTables().tableNames();
            for (String id : local.tables().logicalIds()) {
                assertTrue(names.contains(TemplateTables.localName(local.prefix(), id)), id + " in " + names);
            }
            String tokens = TemplateTables.localName(local.prefix(), "TokensTable");
            var ttl = local.client().describeTimeToLive(d -> d.tableName(tokens)).timeToLiveDescription();
            assertEquals("expiresAt", ttl.attributeName());
            assertTrue(moto.isAlive());
            assertTrue(local.endpoint().getHost().equals("127.0.0.1"), "loopback only");
        }
        assertFalse(moto.isAlive(), "moto_server stopped on close");
    }
}
