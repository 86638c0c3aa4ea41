package io.github.netnsjunit.junit.internal;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Internal: runs {@link HostSweep} once when a test run starts, so that what a killed JVM left in the host
 * namespace (uniquely named links, changed sysctls) is removed before new tests use it. Registered through
 * {@code META-INF/services}; it does nothing when no earlier run of ours ever touched the host.
 */
public final class HostSweepListener implements LauncherSessionListener {
    /** Created by the JUnit Platform through the service loader. */
    public HostSweepListener() {
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        for (String line : HostSweep.run()) {
            System.err.println("netns-junit sweep: " + line);
        }
    }
}
