package dev.userapptokens.authorizer;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The function's settings (application.properties maps them to the environment the SAM template
 * sets: the four table names, AWS_REGION; everything else has a default).
 */
@ConfigMapping(prefix = "uat")
public interface AuthorizerConfig {

    Dynamo dynamodb();

    Tables tables();

    /** At most one lastUsedAt write per token per this interval. */
    @WithDefault("PT1M")
    Duration lastUsedInterval();

    /** How long the role catalog is served from memory before it is read again. */
    @WithDefault("PT1M")
    Duration rolesRefresh();

    interface Dynamo {
        /** A local engine's URL; absent on AWS. */
        Optional<URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** Bound on one DynamoDB call, retries included. */
        @WithDefault("PT2S")
        Duration apiCallTimeout();

        /** Bound on one HTTP attempt (also the connect and socket timeouts). */
        @WithDefault("PT0.7S")
        Duration apiCallAttemptTimeout();

        /** Attempts per call, the first one included. */
        @WithDefault("3")
        int maxAttempts();
    }

    /** Table names; blank means "not configured", reported at start. */
    interface Tables {
        Optional<String> users();

        Optional<String> roles();

        Optional<String> tokens();

        Optional<String> audit();
    }
}
