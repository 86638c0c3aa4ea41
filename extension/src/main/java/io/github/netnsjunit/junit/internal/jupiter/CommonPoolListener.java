package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.internal.CommonPoolSetup;
import io.github.netnsjunit.junit.internal.resolver.InJvmResolution;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Internal: installs the common ForkJoin pool's thread factory ({@link CommonPoolSetup}) when the JUnit Platform
 * opens a launcher session, which is before it loads any test class. Registered through {@code META-INF/services}.
 */
public final class CommonPoolListener implements LauncherSessionListener {
    /** Created by the JUnit Platform through the service loader. */
    public CommonPoolListener() {
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            CommonPoolSetup.install();
            // Java 17: before the JVM's first lookup fixes its cache policy (see InJvmResolution)
            InJvmResolution.prepareJdkCache();
        } catch (RuntimeException | LinkageError e) {
            // never stop the tests for this; the extension checks again when it first builds a topology
            System.getLogger(CommonPoolListener.class.getName()).log(System.Logger.Level.WARNING,
                    "netns-junit: could not install the common ForkJoin pool's thread factory: " + e, e);
        }
    }
}
