package dev.userapptokens.admin;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The admin made by the bootstrap command works on the admin API, and a second run is refused. */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class BootstrapTest {

    @Test
    void bootstrappedAdminUsesTheAdminApi() {
        Api.asAdmin().get("/v1/me").then().statusCode(200)
                .body("email", equalTo("admin@example.com"))
                .body("roles.name", hasItem("GLOBAL_USER_ADMIN"));
        Api.asAdmin().get("/v1/roles").then().statusCode(200);
        Api.createDeveloper();
        // Small pages: the bootstrap's event is the oldest, under every event the suite wrote before this
        // test, and a page past 8 KiB hangs the test event server (quarkusio/quarkus#44551).
        org.junit.jupiter.api.Assertions.assertTrue(Api.pages("/v1/audit", 20, 200).stream()
                .anyMatch(page -> page.getList("items.actorUserId").contains("bootstrap")), "the bootstrap's audit event");
    }

    @Test
    void secondRunIsRefusedAndChangesNothing() {
        Map<String, Integer> before = Api.itemCounts();
        String out = LocalDynamoResource.bootstrap("--email", "another-admin@example.com");
        assertEquals(3, LocalDynamoResource.lastExit());
        assertEquals("", out);
        assertEquals(before, Api.itemCounts());
    }
}
