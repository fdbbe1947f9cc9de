package dev.userapptokens.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.localdynamodb.LocalDeployment;
import dev.userapptokens.localdynamodb.LocalEvents;
import dev.userapptokens.localdynamodb.MotoServer;
import dev.userapptokens.localdynamodb.StreamMapping;
import dev.userapptokens.localdynamodb.TemplateTables;
import dev.userapptokens.localdynamodb.TemplateYaml;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operator's command line.
 *
 * <pre>
 * uat-cli bootstrap     [tables] [--endpoint URL] [--region R] [--email E] [--first-name F] [--last-name L]
 *                       [--token-file PATH] [--token-permissions P,...] [--force]
 * uat-cli create-tables --endpoint URL --table-prefix P [--template PATH]    (a local engine only)
 * uat-cli local-dynamodb [--table-prefix P] [--token-file PATH [--email E] [--token-permissions P,...]]
 *                        [--parameter-overrides K=V,...]
 *                       [--template PATH]    (starts a local engine; see {@link #localDynamodb})
 *
 * tables: --table-prefix P | --users-table T --roles-table T --tokens-table T --audit-table T
 *         | the USERS_TABLE, ROLES_TABLE, TOKENS_TABLE, AUDIT_TABLE environment variables
 * </pre>
 *
 * Exit codes: 0 done, 1 failure, 2 usage error, 3 refused (a Global User Admin already exists).
 * The token is printed alone on standard output, once; everything else goes to standard error.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int REFUSED = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FLAGS = Set.of("--force");
    private static final Set<String> OPTIONS = Set.of("--endpoint", "--region", "--email", "--first-name",
            "--last-name", "--token-file", "--table-prefix", "--users-table", "--roles-table", "--tokens-table",
            "--audit-table", "--template", "--parameter-overrides", "--token-permissions");

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command; the process exit code is the return value. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            err.println(usage());
            return args.length == 0 ? USAGE : OK;
        }
        Map<String, String> options;
        try {
            options = parse(List.of(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            err.println("uat-cli: " + e.getMessage());
            err.println(usage());
            return USAGE;
        }
        try {
            return switch (args[0]) {
                case "bootstrap" -> bootstrap(options, out, err, env);
                case "create-tables" -> createTables(options, err, env);
                case "local-dynamodb" -> localDynamodb(options, out, err, env, System.in);
                default -> {
                    err.println("uat-cli: unknown command '" + args[0] + "'");
                    err.println(usage());
                    yield USAGE;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("uat-cli: " + e.getMessage());
            return USAGE;
        } catch (FirstAdmin.AlreadyBootstrapped e) {
            err.println("uat-cli: refused: " + e.getMessage());
            return REFUSED;
        } catch (RejectedException e) {
            err.println("uat-cli: " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            err.println("uat-cli: failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return FAILED;
        }
    }

    private static int bootstrap(Map<String, String> options, PrintStream out, PrintStream err, Map<String, String> env) {
        Tables tables = tables(options, env);
        Path tokenFile = options.containsKey("--token-file") ? Path.of(options.get("--token-file")) : null;
        // Created (mode 0600) before the admin exists: a file that cannot be written must not leave an admin
        // whose token nobody saw. Moved over the token file only once the admin exists: a refused run keeps it.
        Path pending = tokenFile == null ? null : pendingSecretFile(tokenFile);
        try (DynamoDbClient dynamo = client(options, env)) {
            DynamoWiring app = DynamoWiring.builder().dynamoDb(dynamo).tables(tables).build();
            FirstAdmin.Created created = FirstAdmin.create(app,
                    options.getOrDefault("--email", "admin@example.com"),
                    options.getOrDefault("--first-name", "Global"),
                    options.getOrDefault("--last-name", "Admin"),
                    options.containsKey("--force"),
                    tokenPermissions(options.get("--token-permissions")));
            if (pending != null) {
                writeSecret(pending, tokenFile, created.token().token());
            }
            err.println("Global User Admin " + created.user().id() + " (" + created.user().email()
                    + ") created with token " + created.token().info().id()
                    + ". The token below is shown once: store it now.");
            out.println(created.token().token());
            return OK;
        } finally {
            if (pending != null) {
                try {
                    Files.deleteIfExists(pending);
                } catch (IOException e) {
                    err.println("uat-cli: could not remove " + pending + ": " + e.getMessage());
                }
            }
        }
    }

    private static int createTables(Map<String, String> options, PrintStream err, Map<String, String> env) {
        String endpoint = options.get("--endpoint");
        String prefix = options.get("--table-prefix");
        if (endpoint == null || prefix == null) {
            throw new IllegalArgumentException("create-tables needs --endpoint and --table-prefix (it is for a local engine)");
        }
        Path template = options.containsKey("--template") ? Path.of(options.get("--template")) : TemplateTables.findTemplate();
        try (DynamoDbClient dynamo = client(options, env)) {
            TemplateTables.read(template).createAll(dynamo, prefix);
        }
        err.println("tables created under prefix " + prefix + " at " + endpoint);
        return OK;
    }

    /**
     * The local DynamoDB engine of a local run (infra/local/start-api): moto_server on loopback with
     * the template's tables under the prefix (default {@code uat-local-}) and, with --token-file, the
     * roles and a first Global User Admin whose token goes to that file only; the template's buses, a
     * watch queue and the stream mappings' on-failure queues ({@link LocalEvents}). Prints one JSON line:
     * {@code endpoint}, {@code motoPid}, {@code tablePrefix}, {@code events} ({@code buses},
     * {@code watchQueueUrl}, {@code deadLetterQueueUrls}) and the template's HTTP API for these tables
     * ({@code routes}, {@code streams}, {@code functions}...: see {@link LocalDeployment}). Then reads
     * standard input: the line {@code {"invoke": "http://127.0.0.1:PORT", "key": "..."}} (start-api's
     * control endpoint and its key) starts every stream mapping of the template ({@link StreamMapping},
     * its lines on standard error as {@code [MappingId] ...}), invoking through that endpoint. When its
     * standard input closes (its parent stopped or died) it stops the mappings, then moto_server. When
     * moto_server dies first, it says so and exits 1: a local API whose data vanished must not carry on.
     */
    private static int localDynamodb(Map<String, String> options, PrintStream out, PrintStream err,
                                     Map<String, String> env, InputStream in) {
        String prefix = options.getOrDefault("--table-prefix", "uat-local-");
        Path template = options.containsKey("--template") ? Path.of(options.get("--template")) : TemplateTables.findTemplate();
        Map<String, String> overrides = new HashMap<>();
        for (String pair : options.getOrDefault("--parameter-overrides", "").split(",")) {
            if (!pair.isBlank()) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("--parameter-overrides takes KEY=VALUE[,KEY=VALUE...]");
                }
                overrides.put(kv[0].trim(), kv[1].trim());
            }
        }
        ObjectNode described = LocalDeployment.describe(TemplateYaml.read(template), prefix, overrides);
        MotoServer moto = MotoServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(moto::close));
        LocalEvents events = null;
        try {
            Map<String, String> local = new HashMap<>(options);
            local.put("--endpoint", moto.endpoint().toString());
            local.put("--table-prefix", prefix);
            try (DynamoDbClient dynamo = client(local, env)) {
                TemplateTables.read(template).createAll(dynamo, prefix);
            }
            if (options.containsKey("--token-file")) {
                bootstrap(local, new PrintStream(OutputStream.nullOutputStream()), err, env);
            }
            events = LocalEvents.setUp(described, moto.endpoint(), region(local, env));
            ObjectNode line = JSON.createObjectNode().put("endpoint", moto.endpoint().toString())
                    .put("motoPid", moto.pid()).put("tablePrefix", prefix);
            line.set("events", events.describe());
            line.setAll(described);
            out.println(line);
            out.flush();
            LocalEvents running = events;
            CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> readCommands(in, running, err));
            CompletableFuture.anyOf(closed, moto.onExit()).join();
            if (!moto.isAlive()) {
                err.println("uat-cli: the local DynamoDB engine (moto_server, pid " + moto.pid() + ") exited with code "
                        + moto.onExit().join().exitValue() + "; its data is gone. Its output: " + moto.log());
                return FAILED;
            }
            return OK;
        } finally {
            if (events != null) {
                events.close();
            }
            moto.close();
        }
    }

    /** local-dynamodb's standard input until it closes: {"invoke": URL, "key": KEY} starts the stream mappings. */
    private static void readCommands(InputStream in, LocalEvents events, PrintStream err) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                if (text.isBlank()) {
                    continue;
                }
                try {
                    JsonNode command = JSON.readTree(text);
                    if (!command.path("invoke").isTextual() || !command.path("key").isTextual()) {
                        throw new IllegalArgumentException("a line is {\"invoke\": URL, \"key\": KEY}");
                    }
                    events.startMappings(URI.create(command.get("invoke").asText()), command.get("key").asText(),
                            message -> err.println(message));
                } catch (IOException | RuntimeException e) {
                    err.println("uat-cli: local-dynamodb: ignored the line on standard input: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            // closed either way
        }
    }

    static Tables tables(Map<String, String> options, Map<String, String> env) {
        if (options.containsKey("--table-prefix")) {
            return Tables.withPrefix(options.get("--table-prefix"));
        }
        if (options.containsKey("--users-table")) {
            for (String name : List.of("--roles-table", "--tokens-table", "--audit-table")) {
                if (!options.containsKey(name)) {
                    throw new IllegalArgumentException("--users-table needs " + name + " too");
                }
            }
            return new Tables(options.get("--users-table"), options.get("--roles-table"),
                    options.get("--tokens-table"), options.get("--audit-table"));
        }
        try {
            return Tables.fromEnvironment(env);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("name the tables: --table-prefix, the four --*-table options, or "
                    + "the USERS_TABLE, ROLES_TABLE, TOKENS_TABLE, AUDIT_TABLE environment variables");
        }
    }

    private static String region(Map<String, String> options, Map<String, String> env) {
        return options.getOrDefault("--region", env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION",
                "us-east-1")));
    }

    /** The operator's own credentials for AWS; fixed dummy ones for a local engine. */
    private static DynamoDbClient client(Map<String, String> options, Map<String, String> env) {
        var builder = DynamoDbClient.builder().region(Region.of(region(options, env)))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        String endpoint = options.get("--endpoint");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    /** {@code secret} into {@code pending}, then {@code pending} moved over {@code file} in one step. */
    private static void writeSecret(Path pending, Path file, String secret) {
        try {
            Files.writeString(pending, secret + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(pending, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** An empty file (mode 0600) beside {@code file}, its directories created, or a failure naming {@code file}. */
    private static Path pendingSecretFile(Path file) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            return Files.createTempFile(directory, "." + file.getFileName(), ".pending",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<String, String> parse(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (FLAGS.contains(arg)) {
                options.put(arg, "true");
            } else if (OPTIONS.contains(arg)) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                options.put(arg, args.get(++i));
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return options;
    }

    /** {@code --token-permissions "GET /v1/me,GET /v1/orders/**"}: the grammar has no commas. */
    private static List<String> tokenPermissions(String value) {
        return value == null ? null : Arrays.stream(value.split(",")).map(String::strip).toList();
    }

    static String usage() {
        return """
                usage: uat-cli bootstrap [tables] [--endpoint URL] [--region R] [--email E] [--first-name F]
                                         [--last-name L] [--token-file PATH] [--token-permissions P,...] [--force]
                       uat-cli create-tables --endpoint URL --table-prefix P [--template PATH]
                       uat-cli local-dynamodb [--table-prefix P] [--token-file PATH [--email E] [--token-permissions P,...]]
                                              [--parameter-overrides K=V,...] [--template PATH]
                tables: --table-prefix P | --users-table T --roles-table T --tokens-table T --audit-table T
                        | USERS_TABLE, ROLES_TABLE, TOKENS_TABLE, AUDIT_TABLE in the environment
                bootstrap seeds the roles, then creates the first Global User Admin and prints its token once
                (with --token-permissions, a token narrowed to those permissions).
                It refuses (exit 3) when a Global User Admin exists, unless --force.
                local-dynamodb runs a local engine with the tables (and first admin), the buses and queues, and
                prints them as one JSON line; the stdin line {"invoke": URL, "key": KEY} starts the template's
                stream mappings invoking through start-api's control endpoint URL; it stops when stdin closes.""";
    }
}
