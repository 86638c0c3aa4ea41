package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.internal.HostLease;
import io.github.netnsjunit.junit.internal.HostSweep;
import io.github.netnsjunit.junit.internal.KeptNamespaces;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Internal: once per test run (launcher session), removes what JVMs that are gone left behind, before new tests
 * use the machine: links and sysctls in the host namespace ({@link HostSweep}) and namespaces that failed tests
 * kept under {@code /run/netns} ({@link KeptNamespaces}). Registered through {@code META-INF/services}; it touches
 * only names of ours and never fails the run.
 *
 * <p>It never blocks either: it runs in every launcher session that has the jar, IDE runs of unrelated tests
 * included, so when another test run holds the host lease it skips the host sweep (that run is alive; a later
 * session sweeps what it leaves) and says so at debug level. What it removes is logged at info level, problems at
 * warning level ({@link System.Logger}, by default java.util.logging).
 */
public final class HostSweepListener implements LauncherSessionListener {
    private static final System.Logger LOG = System.getLogger(HostSweepListener.class.getName());

    /** Created by the JUnit Platform through the service loader. */
    public HostSweepListener() {
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            Optional<List<String>> swept = HostSweep.runIfFree();
            if (swept.isEmpty()) {
                LOG.log(Level.DEBUG, () -> "netns-junit sweep of the host namespace skipped: another test run holds"
                        + " the host lease " + HostLease.lockFile() + "; a later run sweeps what it leaves");
            }
            swept.orElse(List.of()).forEach(line -> LOG.log(Level.INFO, "netns-junit sweep: " + line));
            KeptNamespaces.standard().sweep();
        } catch (RuntimeException | LinkageError e) {
            // best effort: a sweep must never stop the tests (e.g. libc not loadable, no privileges)
            LOG.log(Level.WARNING, "netns-junit sweep skipped: " + e);
        }
    }
}
