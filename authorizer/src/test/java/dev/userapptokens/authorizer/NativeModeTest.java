package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Says, in every build's test report, whether this module's native integration tests ran: the
 * {@code *IT} classes ({@code @QuarkusIntegrationTest}) run against the native executable in the
 * root pom's {@code native} profile only ({@code mvn -B -ntp verify -Dnative}, with GraalVM or
 * Mandrel 25 at GRAALVM_HOME, or {@code -Dquarkus.native.container-build=true}), by failsafe. In a
 * JVM build this test is reported as skipped, with that reason.
 */
class NativeModeTest {

    @Test
    void nativeIntegrationTestsRunOnlyInTheNativeProfile() {
        String why = "native integration tests (*IT) not run: JVM build; they run with mvn -B -ntp verify -Dnative"
                + " (GraalVM/Mandrel 25 at GRAALVM_HOME, or -Dquarkus.native.container-build=true)";
        if (!Boolean.getBoolean("uat.native.build")) {
            System.out.println(getClass().getPackageName() + ": " + why); // in the build's log, not only its reports
        }
        assumeTrue(Boolean.getBoolean("uat.native.build"), why);
    }
}
