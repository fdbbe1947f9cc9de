package dev.userapptokens.authorizer;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;

/** Invokes the function the way Lambda does in tests: the event POSTed to Quarkus's mock event server. */
final class Lambda {

    static final ObjectMapper JSON = new ObjectMapper();

    private Lambda() {
    }

    static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
    }

    /** The function's response body for {@code event} (any bytes: it need not be JSON). */
    static String invoke(byte[] event) {
        return given().port(port()).contentType(ContentType.JSON).body(event)
                .when().post("/")
                .then().statusCode(200)
                .extract().asString();
    }

    static String invoke(String event) {
        return invoke(event.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static JsonNode invokeJson(String event) {
        try {
            return JSON.readTree(invoke(event));
        } catch (java.io.IOException e) {
            throw new AssertionError("response is not JSON", e);
        }
    }
}
