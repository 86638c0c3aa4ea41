package io.github.netnsjunit.junit.internal;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Internal: once per test run (launcher session), removes namespaces that failed tests of JVMs that have since
 * ended kept under {@code /run/netns} (see {@link KeptNamespaces}). Registered through
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}; it looks only at
 * {@code /run/netns/nj-*} and never fails the run.
 */
public final class KeptNamespacesSweeper implements LauncherSessionListener {

    /** Created by the JUnit Platform through the service loader. */
    public KeptNamespacesSweeper() {
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            KeptNamespaces.standard().sweep();
        } catch (RuntimeException | LinkageError e) {
            // best effort: a sweep must never stop the tests (e.g. libc not loadable, no privileges)
        }
    }
}
