package io.github.netnsjunit.junit.internal;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Internal: once per test run (launcher session), removes what JVMs that are gone left behind, before new tests
 * use the machine: links and sysctls in the host namespace ({@link HostSweep}) and namespaces that failed tests
 * kept under {@code /run/netns} ({@link KeptNamespaces}). Registered through {@code META-INF/services}; it touches
 * only names of ours and never fails the run.
 */
public final class HostSweepListener implements LauncherSessionListener {
    /** Created by the JUnit Platform through the service loader. */
    public HostSweepListener() {
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            for (String line : HostSweep.run()) {
                System.err.println("netns-junit sweep: " + line);
            }
            KeptNamespaces.standard().sweep();
        } catch (RuntimeException | LinkageError e) {
            // best effort: a sweep must never stop the tests (e.g. libc not loadable, no privileges)
            System.err.println("netns-junit sweep skipped: " + e);
        }
    }
}
