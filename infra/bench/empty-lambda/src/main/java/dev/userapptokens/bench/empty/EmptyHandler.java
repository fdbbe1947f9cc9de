package dev.userapptokens.bench.empty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/** Reads the event, answers a constant: the cold-start floor of a Quarkus stream handler. */
@Named("empty")
@Singleton
public class EmptyHandler implements RequestStreamHandler {

    private static final byte[] ANSWER = "{\"isAuthorized\":false}".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        output.write(ANSWER);
        output.flush();
    }
}
