package dev.userapptokens.events;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;

/** Invokes the function the way Lambda does in tests: the event POSTed to Quarkus's mock event server. */
final class Lambda {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Lambda() {
    }

    /** For the native tests: a function that never takes the event fails the test instead of hanging the build. */
    static void failFast() {
        RestAssured.config = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 60_000));
    }

    static JsonNode invoke(String event) {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        String body = given().port(port).contentType(ContentType.JSON).body(event)
                .when().post("/")
                .then().statusCode(200)
                .extract().asString();
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("response is not JSON: " + body, e);
        }
    }
}
