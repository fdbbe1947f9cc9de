package dev.userapptokens.authorizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.userapptokens.authorizer.ApiResponses.HttpApiResponse;
import dev.userapptokens.authorizer.ApiResponses.PolicyDocument;
import dev.userapptokens.authorizer.ApiResponses.RestApiResponse;
import dev.userapptokens.authorizer.ApiResponses.Statement;

/**
 * Writes the {@link ApiResponses} records with Jackson's streaming generator, field by field, to
 * exactly the JSON that data binding makes of them (same names, order, escaping; absent context
 * left out). Data binding builds its record serializers by reflection on first use, which was
 * about a tenth of the authorizer's cold start beyond an empty function (infra/bench/run
 * --profile); this needs no reflection, in JVM or native mode.
 */
final class ResponseWriter {

    private ResponseWriter() {
    }

    static byte[] write(HttpApiResponse response) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeBooleanField("isAuthorized", response.isAuthorized());
            context(json, response.context());
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    static byte[] write(RestApiResponse response) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            if (response.principalId() != null) {
                json.writeStringField("principalId", response.principalId());
            }
            PolicyDocument policy = response.policyDocument();
            if (policy != null) {
                json.writeFieldName("policyDocument");
                json.writeStartObject();
                json.writeStringField("Version", policy.version());
                json.writeFieldName("Statement");
                if (policy.statement() == null) {
                    json.writeNull();
                } else {
                    json.writeStartArray();
                    for (Statement statement : policy.statement()) {
                        statement(json, statement);
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            context(json, response.context());
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void statement(JsonGenerator json, Statement statement) throws IOException {
        if (statement == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("Action", statement.action());
        json.writeStringField("Effect", statement.effect());
        json.writeFieldName("Resource");
        strings(json, statement.resource());
        json.writeEndObject();
    }

    private static void strings(JsonGenerator json, List<String> values) throws IOException {
        if (values == null) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static void context(JsonGenerator json, Map<String, String> context) throws IOException {
        if (context == null) {
            return;
        }
        json.writeFieldName("context");
        json.writeStartObject();
        for (Map.Entry<String, String> entry : context.entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }
}
