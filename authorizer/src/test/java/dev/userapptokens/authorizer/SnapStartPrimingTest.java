package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.users.RoleAssignment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The SnapStart hooks, called as the Lambda runtime calls them: priming goes through both
 * handlers to real reads of the tables (a parse or shape mistake would stop it short of the
 * GetItem), and after a restore the role catalog is read again rather than served from the snapshot.
 */
@QuarkusTest
@TestProfile(HttpApiProfile.class)
class SnapStartPrimingTest {

    @Inject
    SnapStartPriming priming;

    @Inject
    DynamoWiring app;

    @Test
    void primingReadsTheTablesThroughBothHandlersAndARestoreReloadsTheRoles() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        CountingInterceptor.reset();
        priming.beforeCheckpoint(null);
        assertEquals(3, CountingInterceptor.count("GetItem"), "HTTP API handler, REST handler, core: " + CountingInterceptor.snapshot());
        assertEquals(1, CountingInterceptor.count("UpdateItem"), "core's last-used write, refused by its condition (no such item)");

        priming.afterRestore(null);
        CountingInterceptor.reset();
        assertTrue(Lambda.invokeJson(TestEvents.http("GET", "/v1/me", dev.bearer()).toString())
                .get("isAuthorized").booleanValue());
        assertEquals(1, CountingInterceptor.count("Scan"), "roles read again after the restore: " + CountingInterceptor.snapshot());
    }
}
