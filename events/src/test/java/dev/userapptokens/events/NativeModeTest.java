package dev.userapptokens.events;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import dev.userapptokens.localdynamodb.NativeBuild;

/** Says, in every build's test report, whether this module's native integration tests ran ({@link NativeBuild}). */
class NativeModeTest {

    @Test
    void nativeIntegrationTestsRunOnlyInTheNativeProfile() {
        assumeTrue(NativeBuild.active(), NativeBuild.notRunReason(getClass()));
    }
}
