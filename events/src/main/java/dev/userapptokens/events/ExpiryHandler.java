package dev.userapptokens.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The daily expiry warnings ({@code QUARKUS_LAMBDA_HANDLER=expiry-warnings}); the scheduled
 * event's content is not used. Answers {@code {"warned":N,"failed":M}}; a failed warning fails
 * the invocation, so the schedule's retry or the next day's run puts it.
 */
@Named(ExpiryHandler.NAME)
@Singleton
public class ExpiryHandler implements RequestStreamHandler {

    public static final String NAME = "expiry-warnings";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExpiryWarnings warnings;

    public ExpiryHandler(ExpiryWarnings warnings) {
        this.warnings = warnings;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        ExpiryWarnings.Run run = warnings.run();
        if (run.failed() > 0) {
            throw new IllegalStateException(run.failed() + " expiry warnings not put; warned " + run.warned());
        }
        output.write(JSON.writeValueAsBytes(java.util.Map.of("warned", run.warned(), "failed", run.failed())));
    }
}
