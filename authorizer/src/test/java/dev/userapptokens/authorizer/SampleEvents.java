package dev.userapptokens.authorizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample events of {@code infra/events}, with a real token in place of the placeholder. */
final class SampleEvents {

    static final String PLACEHOLDER = "REPLACE_WITH_TOKEN";

    private SampleEvents() {
    }

    static String load(String name, String token) {
        try {
            return Files.readString(dir().resolve(name)).replace(PLACEHOLDER, token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code infra/events}, found from the working directory up (Maven runs tests in the module directory). */
    static Path dir() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve("infra").resolve("events");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("infra/events not found above " + Path.of("").toAbsolutePath());
    }
}
