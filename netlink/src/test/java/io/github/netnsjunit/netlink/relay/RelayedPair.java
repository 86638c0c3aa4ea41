package io.github.netnsjunit.netlink.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.Oracle;
import io.github.netnsjunit.netlink.testing.Veths;
import java.io.IOException;
import java.net.DatagramSocket;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one set-up of the relay tests: {@code a (v0 10.9.0.1) — m0 [mid] m1 — (v1 10.9.0.2) b}, built with iproute2,
 * {@code mid} without IPv6 (the relay alone joins m0 and m1), ping allowed to every group in {@code a} and {@code b}.
 * Registered as an extension on a field, it gives each test its own three namespaces; after the test it closes the
 * relay the test {@link #use used} and asserts that its threads ended, then closes the namespaces and asserts the
 * code under test left nothing: no {@code netns-*} thread, the same open sockets as before, no namespace alive.
 * <pre>{@code
 * @RegisterExtension
 * final RelayedPair pair = new RelayedPair();
 * ...
 * FrameRelay relay = pair.use(FrameRelay.start("t", pair.mid(), "m0", "m1", forward, back));
 * }</pre>
 */
final class RelayedPair implements AutoCloseable, AfterEachCallback {
    static {
        // the JDK keeps one socket open for good after the first DatagramSocket: open that one before counting
        try (DatagramSocket warmUp = new DatagramSocket()) {
            warmUp.getLocalPort();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Set<String> socketsBefore = Veths.openSockets();
    private final Set<String> namespacesBefore = Oracle.liveNetNamespaceInodes();
    private final NamespaceHandle a = NamespaceHandle.create("a");
    private final NamespaceHandle mid = NamespaceHandle.create("mid");
    private final NamespaceHandle b = NamespaceHandle.create("b");
    private FrameRelay relay;
    private boolean closed;

    /** Creates the three namespaces and links them, up. */
    RelayedPair() {
        try {
            build();
        } catch (RuntimeException | Error e) {
            // no test instance, so no afterEach: what was made goes now
            a.close();
            mid.close();
            b.close();
            throw e;
        }
    }

    private void build() {
        Oracle.run(mid, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        Oracle.run(a, "ip", "link", "add", "v0", "type", "veth", "peer", "name", "m0", "netns", mid.path());
        Oracle.run(b, "ip", "link", "add", "v1", "type", "veth", "peer", "name", "m1", "netns", mid.path());
        Oracle.run(a, "ip", "addr", "add", "10.9.0.1/24", "dev", "v0");
        Oracle.run(b, "ip", "addr", "add", "10.9.0.2/24", "dev", "v1");
        for (NamespaceHandle ns : List.of(a, b)) {
            Oracle.run(ns, "sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
            Oracle.run(ns, "ip", "link", "set", "lo", "up");
        }
        Oracle.run(a, "ip", "link", "set", "v0", "up");
        Oracle.run(b, "ip", "link", "set", "v1", "up");
        Oracle.run(mid, "ip", "link", "set", "m0", "up");
        Oracle.run(mid, "ip", "link", "set", "m1", "up");
        Veths.awaitUp(a, "v0");
        Veths.awaitUp(b, "v1");
    }

    /** Namespace {@code a}: v0, 10.9.0.1/24. */
    NamespaceHandle a() {
        return a;
    }

    /** The middle namespace: m0 (to a) and m1 (to b), no addresses, for the relay. */
    NamespaceHandle mid() {
        return mid;
    }

    /** Namespace {@code b}: v1, 10.9.0.2/24. */
    NamespaceHandle b() {
        return b;
    }

    /** Takes the test's relay, to be closed (and its threads checked) before the namespaces; returns it. */
    FrameRelay use(FrameRelay started) {
        assertThat(relay).as("one relay per test").isNull();
        relay = started;
        return started;
    }

    /** Closes all after the test it was made for. */
    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        close();
    }

    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        if (relay != null) {
            relay.close();
            assertThat(relay.threads()).noneMatch(Thread::isAlive);
        }
        a.close();
        mid.close();
        b.close();
        assertThat(Veths.netnsThreads()).isEmpty();
        assertThat(Veths.openSockets()).isEqualTo(socketsBefore);
        assertThat(Veths.awaitNamespaces(namespacesBefore)).isEqualTo(namespacesBefore);
    }
}
