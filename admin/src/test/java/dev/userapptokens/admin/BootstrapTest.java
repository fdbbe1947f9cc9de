package dev.userapptokens.admin;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // Paged, 20 at a time: the events of the whole suite before this test do not fit in one
        // response under the mock event server's 8 KiB.
        assertTrue(Api.pages("/v1/audit", 20, 100).stream()
                .anyMatch(page -> page.getList("items.actorUserId").contains("bootstrap")));
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
