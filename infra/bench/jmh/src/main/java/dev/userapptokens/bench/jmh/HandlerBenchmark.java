package dev.userapptokens.bench.jmh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.userapptokens.authorizer.Authorizer;
import dev.userapptokens.authorizer.HttpApiHandler;
import dev.userapptokens.authorizer.IamPolicyWriter;
import dev.userapptokens.authorizer.RestApiHandler;
import dev.userapptokens.authorizer.StorageErrors;
import dev.userapptokens.authorizer.Telemetry;
import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;

/**
 * The whole function's code for one request, event bytes in and response bytes out, through the
 * authorizer's own handler classes over core's verifier and access policy (built by
 * {@link DynamoWiring} over a DynamoDbClient, as the function's producers build them), with storage answered in memory ({@link MemoryDynamo}). Quarkus's dispatch
 * and the SDK's HTTP pipeline are not in it; event parsing, our rules and the response are.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandlerBenchmark {

    @Param({"emf", "off"})
    public String observability;

    private HttpApiHandler http;
    private RestApiHandler rest;
    private byte[] httpEvent;
    private byte[] restEvent;

    @Setup
    public void setup() throws IOException {
        MemoryDynamo dynamo = new MemoryDynamo();
        Tables tables = Tables.withPrefix("bench-");
        DynamoWiring app = DynamoWiring.builder().dynamoDb(dynamo).tables(tables).build();
        app.seedRoles();
        String token = new TokenFormat().generate();
        dynamo.put(tables.tokens(), Fixtures.tokenItem(TokenHash.of(token), Instant.now()));
        Authorizer authorizer = new Authorizer(app.verifier(), app.accessPolicy());
        // observability=emf: each decision's one line (EMF + log members) built as on Lambda and
        // written to /dev/null; off: nothing recorded (the handler as it was before issue 16).
        java.io.PrintStream devNull = new java.io.PrintStream(new java.io.FileOutputStream("/dev/null"), true,
                StandardCharsets.UTF_8);
        Telemetry telemetry = new Telemetry(new StorageErrors(), devNull::println, observability.equals("emf"), "Bench", false);
        http = new HttpApiHandler(authorizer, telemetry);
        rest = new RestApiHandler(authorizer, new IamPolicyWriter(app.accessPolicy()), telemetry);
        httpEvent = Fixtures.event("http-api.json", token);
        restEvent = Fixtures.event("rest-api-token.json", token);
        String h = httpApi().toString(StandardCharsets.UTF_8);
        String r = restApiToken().toString(StandardCharsets.UTF_8);
        if (!h.contains("\"isAuthorized\":true") || !r.contains("\"Effect\":\"Allow\"")) {
            throw new IllegalStateException("the benchmark token is not allowed: " + h + " " + r);
        }
    }

    @Benchmark
    public ByteArrayOutputStream httpApi() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        http.handleRequest(new ByteArrayInputStream(httpEvent), out, null);
        return out;
    }

    @Benchmark
    public ByteArrayOutputStream restApiToken() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        rest.handleRequest(new ByteArrayInputStream(restEvent), out, null);
        return out;
    }
}
