package dev.userapptokens.localdynamodb;

/**
 * Whether this build is the root pom's {@code native} profile ({@code -Dnative}), in which failsafe
 * runs each function module's {@code *IT} classes ({@code @QuarkusIntegrationTest}) against its
 * native executable; surefire passes it to the tests as {@code uat.native.build}. Each function
 * module's {@code NativeModeTest} asks here, so that a JVM build's report says, as a skipped test,
 * that those tests did not run and how to run them.
 */
public final class NativeBuild {

    private NativeBuild() {
    }

    public static boolean active() {
        return Boolean.getBoolean("uat.native.build");
    }

    /** Why {@code test}'s module ran no native integration test, also printed in the build's log; null when it did. */
    public static String notRunReason(Class<?> test) {
        if (active()) {
            return null;
        }
        String why = "native integration tests (*IT) not run: JVM build; they run with mvn -B -ntp verify -Dnative"
                + " (GraalVM/Mandrel 25 at GRAALVM_HOME, or -Dquarkus.native.container-build=true)";
        System.out.println(test.getPackageName() + ": " + why);
        return why;
    }
}
