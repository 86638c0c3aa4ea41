package io.github.netnsjunit.netlink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two fresh namespaces {@code a} and {@code b} joined by {@link Veths#link}, for tests of code that sends across a
 * link. {@link #close()} closes both and asserts the code under test left nothing: no {@code netns-*} thread, the
 * same open sockets as before, and no namespace still alive.
 *
 * <p>The one setup of the tests that use it: a field registered as an extension gives each test its own pair,
 * closed (and checked) after the test and its {@code @AfterEach} methods, passed or failed:
 * <pre>{@code
 * @RegisterExtension
 * final LinkedPair pair = new LinkedPair();
 * private final NamespaceHandle a = pair.a();
 * private final NamespaceHandle b = pair.b();
 * }</pre>
 * It works as well in try-with-resources.
 */
public final class LinkedPair implements AutoCloseable, AfterEachCallback {
    // Loading the libc binding (jnr-ffi) opens one socket for the life of the JVM: load it before counting, so that
    // only sockets of the code under test can differ whichever test runs first.
    private final int warmUp = io.github.netnsjunit.netlink.internal.sys.Native.getpid();
    private final Set<String> socketsBefore = Veths.openSockets();
    private final Set<String> namespacesBefore = Oracle.liveNetNamespaceInodes();
    private final NamespaceHandle a = NamespaceHandle.create("a");
    private final NamespaceHandle b = NamespaceHandle.create("b");
    private boolean closed;

    /** Creates and links the two namespaces. */
    public LinkedPair() {
        Veths.link(a, b);
    }

    /** Namespace {@code a}: v0, 10.9.0.1/24, fd09::1/64. */
    public NamespaceHandle a() {
        return a;
    }

    /** Namespace {@code b}: v1, 10.9.0.2/24, fd09::2/64. */
    public NamespaceHandle b() {
        return b;
    }

    /** Closes the pair after the test it was made for. */
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
        a.close();
        b.close();
        assertThat(Veths.netnsThreads()).isEmpty();
        assertThat(Veths.openSockets()).isEqualTo(socketsBefore);
        assertThat(Veths.awaitNamespaces(namespacesBefore)).isEqualTo(namespacesBefore);
    }
}
