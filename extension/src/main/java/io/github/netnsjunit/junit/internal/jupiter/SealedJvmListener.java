package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.RouteClient;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Internal: in a sealed test JVM (started by {@code ci/sealed/bin/java}, which sets {@value #ENV}), brings up the
 * loopback of the JVM's private network namespace once per launcher session. A fresh namespace has {@code lo}
 * down; without it, code that is not in a test namespace could not even reach {@code 127.0.0.1}, and the launcher
 * has no {@code ip} binary to rely on. Registered through {@code META-INF/services}; never fails the run.
 */
public final class SealedJvmListener implements LauncherSessionListener {
    /** Set by the sealed launcher to {@code root} ({@code unshare --net}) or {@code user} (with a user namespace). */
    public static final String ENV = "NETNS_JUNIT_SEALED";

    private static final System.Logger LOG = System.getLogger(SealedJvmListener.class.getName());

    /** Created by the JUnit Platform through the service loader. */
    public SealedJvmListener() {
    }

    /** Whether this JVM was started sealed, and how ({@code root} or {@code user}), or {@code null}. */
    public static String mode() {
        return System.getenv(ENV);
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (mode() == null) {
            return;
        }
        try (NamespaceHandle own = NamespaceHandle.host()) {
            RouteClient route = RouteClient.of(own);
            List<String> others = route.links().stream().map(Link::name).filter(n -> !n.equals("lo")).toList();
            if (!others.isEmpty()) {
                // not the empty namespace the launcher makes: leave it alone, it is someone else's
                LOG.log(System.Logger.Level.WARNING, "{0} is set, but the JVM''s network namespace has links {1}: "
                        + "it is not a private sealed namespace, loopback left as it is", ENV, others);
                return;
            }
            route.linkUp("lo");
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "sealed JVM: could not bring up lo in its private namespace", e);
        }
    }
}
