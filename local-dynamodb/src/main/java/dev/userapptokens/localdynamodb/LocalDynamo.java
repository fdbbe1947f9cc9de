package dev.userapptokens.localdynamodb;

import java.net.URI;
import java.util.UUID;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB endpoint with the template's tables, for tests and local runs: moto_server started
 * here, or, when {@value #ENDPOINT_ENV} is set, that endpoint (real AWS included, with the default
 * credential chain) under a fresh table prefix. {@link #close} removes what it created.
 */
public final class LocalDynamo implements AutoCloseable {

    /** Set to a DynamoDB endpoint URL to run against it instead of a local moto_server. */
    public static final String ENDPOINT_ENV = "UAT_TEST_DYNAMODB_ENDPOINT";
    public static final String REGION = "us-east-1";

    private final MotoServer moto;
    private final URI endpoint;
    private final String prefix;
    private final TemplateTables tables;
    private final DynamoDbClient client;

    private LocalDynamo(MotoServer moto, URI endpoint, String prefix, TemplateTables tables) {
        this.moto = moto;
        this.endpoint = endpoint;
        this.prefix = prefix;
        this.tables = tables;
        this.client = client(endpoint, moto != null);
    }

    /** Starts the engine (unless an endpoint is configured) and creates the template's tables. */
    public static LocalDynamo start() {
        TemplateTables tables = TemplateTables.read(TemplateTables.findTemplate());
        String configured = System.getenv(ENDPOINT_ENV);
        String prefix = "uat-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        LocalDynamo local = configured == null || configured.isBlank()
                ? startMoto(tables, prefix)
                : new LocalDynamo(null, URI.create(configured), prefix, tables);
        tables.createAll(local.client, prefix);
        return local;
    }

    private static LocalDynamo startMoto(TemplateTables tables, String prefix) {
        MotoServer moto = MotoServer.start();
        return new LocalDynamo(moto, moto.endpoint(), prefix, tables);
    }

    /** A client for {@code endpoint}; fixed dummy credentials for a local engine. */
    public static DynamoDbClient client(URI endpoint, boolean local) {
        AwsCredentialsProvider credentials = local
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", REGION)))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public DynamoDbClient client() {
        return client;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The prefix of this run's table names; see {@link TemplateTables#localName}. */
    public String prefix() {
        return prefix;
    }

    public TemplateTables tables() {
        return tables;
    }

    /** The moto_server process, or null when running against a configured endpoint. */
    public MotoServer moto() {
        return moto;
    }

    @Override
    public void close() {
        try {
            if (moto == null) {
                tables.deleteAll(client, prefix);
            }
        } finally {
            client.close();
            if (moto != null) {
                moto.close();
            }
        }
    }
}
