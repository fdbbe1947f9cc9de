package dev.userapptokens.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.userapptokens.localdynamodb.StaticStateGuard;

/**
 * Native builds initialise classes at build time: no static state of the events functions (and core) may hold a random
 * generator, an SDK or HTTP client, a socket or a captured instant (see {@link StaticStateGuard}).
 */
class StaticStateTest {

    @Test
    void noStaticStateANativeBuildWouldBakeIn() {
        List<String> violations = StaticStateGuard.violations("dev.userapptokens.events", "dev.userapptokens.core");
        assertTrue(violations.isEmpty(), StaticStateGuard.describe(violations));
    }
}
