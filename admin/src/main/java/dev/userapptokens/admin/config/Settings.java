package dev.userapptokens.admin.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The admin function's settings; see application.properties for the environment variables behind them. */
@ConfigMapping(prefix = "uat")
public interface Settings {

    TableNames tables();

    Dynamo dynamodb();

    interface TableNames {
        String users();

        String roles();

        String tokens();

        String audit();
    }

    interface Dynamo {
        /** Absent in AWS; a local engine's URL otherwise. */
        Optional<URI> endpoint();

        String region();

        Duration apiCallTimeout();

        Duration apiCallAttemptTimeout();

        int maxAttempts();
    }
}
