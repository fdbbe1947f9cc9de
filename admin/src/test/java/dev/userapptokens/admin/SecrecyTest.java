package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.as;
import static dev.userapptokens.admin.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.tokens.TokenHash;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The token appears in its create response and nowhere else; its hash never leaves storage. */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class SecrecyTest {

    @Test
    void tokenIsNeverListedStoredAuditedOrLogged() throws Exception {
        String user = Api.createDeveloper();
        String token = Api.issueToken(user);
        String tokenId = as(token).get("/v1/me").then().statusCode(200).extract().path("tokenId");
        // Use it, fail with it, revoke it: every path that might log it.
        as(token + "x").get("/v1/me").then().statusCode(401);
        as(token).get("/v1/users").then().statusCode(403);
        String hash = TokenHash.of(token);

        String listed = asAdmin().get("/v1/users/" + user + "/tokens").then().statusCode(200).extract().asString();
        // Newest first, so this test's events are on top; a small page stays under the 8 KiB the mock
        // Lambda event server answers without hanging (quarkusio/quarkus#44551), however many events other tests wrote.
        String audit = asAdmin().queryParam("limit", 20).get("/v1/audit").then().statusCode(200).extract().asString();
        String me = as(token).get("/v1/me").then().extract().asString();
        String userBody = asAdmin().get("/v1/users/" + user).then().extract().asString();
        for (String response : new String[] {listed, audit, me, userBody}) {
            assertFalse(response.contains(token), response);
            assertFalse(response.contains(hash), response);
        }
        assertTrue(listed.contains(tokenId));

        String tables = Api.dumpTables();
        assertFalse(tables.contains(token), "token stored in a table");
        assertTrue(tables.contains(hash), "the hash is what is stored");

        asAdmin().delete("/v1/users/" + user + "/tokens/" + tokenId).then().statusCode(204);
        Path log = Path.of("target/admin-test.log");
        assertTrue(Files.exists(log), "the test run's log file");
        String logged = Files.readString(log);
        assertTrue(logged.length() > 0);
        assertFalse(logged.contains(token), "token in the logs");
        assertFalse(logged.contains(LocalDynamoResource.adminToken()), "admin token in the logs");
    }
}
