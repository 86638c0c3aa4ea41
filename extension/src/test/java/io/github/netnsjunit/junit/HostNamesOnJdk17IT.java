package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Java 17 cannot hook in-JVM lookups: names resolve there on namespace threads (glibc asks the topology's DNS
 * server), a lookup from the JVM's own namespace fails with netns-junit's explanation attached, the warning is given
 * once per JVM; processes resolve the names; and the multi-release jar, built with the JDK 18+ resolver in it, loads
 * on a JDK 17.
 */
class HostNamesOnJdk17IT {
    static final ConcurrentLinkedQueue<String> SEEN = new ConcurrentLinkedQueue<>();

    @KitFixture
    @NetNamespace(value = "db", hostnames = "db")
    @NetNamespace("client")
    @VethPair(name = "c0", namespace = "client", address = "10.47.0.1/24", peer = "d0", peerNamespace = "db",
            peerAddress = "10.47.0.2/24")
    static class NamesOnJdk17TestCase {
        @Test
        void check(@Ns("client") NetNs client) throws Exception {
            SEEN.add(client.call(() -> {
                try {
                    return "resolved " + InetAddress.getByName("db");
                } catch (UnknownHostException e) {
                    return "unknown";
                }
            }));
            SEEN.add(HostNamesIT.run(client, "getent", "ahostsv4", "db").lines().findFirst().orElse(""));
        }
    }

    /** The same name on another address, next: the JDK's 30 s cache must not answer with the first one. */
    @KitFixture
    @NetNamespace(value = "db", hostnames = "db")
    @NetNamespace("client")
    @VethPair(name = "c0", namespace = "client", address = "10.48.0.1/24", peer = "d0", peerNamespace = "db",
            peerAddress = "10.48.0.2/24")
    static class NamesMovedTestCase {
        @Test
        @InNamespace("client")
        void check() throws Exception {
            SEEN.add("resolved " + InetAddress.getByName("db"));
        }
    }

    @KitFixture
    @NetNamespace(value = "db", hostnames = "db")
    @VethPair(name = "d0", namespace = "db", address = "10.49.0.2/24", peer = "d1", peerNamespace = "db",
            peerAddress = "10.49.0.3/24")
    static class ConnectFromTheJvmNamespaceTestCase {
        @Test
        void connectsByName() throws Exception {
            try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open()) {
                c.connect(new java.net.InetSocketAddress("db", 8080));
            }
        }
    }

    @Test
    void onJava17NamespaceThreadsResolveTheNamesAndTheJvmNamespaceFailsWithAnExplanation() {
        assumeTrue(Runtime.version().feature() < 18, "this JVM is Java " + Runtime.version().feature()
                + ": in-JVM names are tested by HostNamesIT; the Java 17 behaviour runs on the JDK 17 leg");
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger("io.github.netnsjunit.junit.hostnames");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        var failures = new java.util.concurrent.CopyOnWriteArrayList<Throwable>();
        try {
            SEEN.clear();
            Kit.run(NamesOnJdk17TestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
            Kit.run(NamesMovedTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
            Kit.run(ConnectFromTheJvmNamespaceTestCase.class).testEvents().assertStatistics(s -> s.failed(1))
                    .failed().stream().forEach(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                            .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                            .ifPresent(failures::add));
        } finally {
            logger.removeHandler(handler);
        }
        // once per JVM: an earlier test of this JVM may have given it already
        assertThat(warnings).hasSizeLessThanOrEqualTo(1).allMatch(w -> w.equals("WARNING netns-junit: host names db"
                + " resolve inside this JVM only on threads in the topology's namespaces (@InNamespace test bodies,"
                + " NetNs.call(...), and threads and clients started there), where glibc asks the topology's DNS server:"
                + " this JVM runs Java 17, and answering on every thread needs java.net.spi.InetAddressResolverProvider,"
                + " which exists from JDK 18 on. Lookups from the test's own thread or other threads in the JVM's"
                + " namespace fail with UnknownHostException (a connect by name: ConnectException, cause"
                + " UnresolvedAddressException): run that client inside the namespace, or the tests on JDK 18 or later."
                + " Processes started with NetNs.start(...) do see them, in their /etc/hosts."));
        assertThat(SEEN).containsExactly("resolved db/10.47.0.2", "10.47.0.2       STREAM db", "resolved db/10.48.0.2");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).isInstanceOf(java.nio.channels.UnresolvedAddressException.class);
        assertThat(java.util.Arrays.stream(failures.get(0).getSuppressed()).map(Throwable::getMessage))
                .anyMatch(m -> m.startsWith("netns-junit: a connect by host name failed because the name did not"
                        + " resolve (java.nio.channels.UnresolvedAddressException). The topology's names (db) resolve"
                        + " inside this JVM only on threads in its namespaces") && m.contains("Fix: run the client"
                        + " inside the namespace (@InNamespace or NetNs.call(...))"));
        // the network state attached to the failure says where the names resolve
        assertThat(java.util.Arrays.stream(failures.get(0).getSuppressed()).map(Throwable::getMessage))
                .anyMatch(m -> m.contains("host names: db (in this JVM they resolve only on threads inside the topology:"
                        + " Java 17, see README \"Host names\")"));
    }

    @Test
    void theMultiReleaseJarLoadsOnJdk17() throws Exception {
        Path jar = Path.of(System.getProperty("netns.test.extensionJar", "target/none.jar"));
        assumeTrue(Files.isRegularFile(jar), "the extension jar " + jar + " is not built");
        Path java17 = Runtime.version().feature() == 17 ? Path.of(System.getProperty("java.home"), "bin", "java")
                : Path.of(System.getProperty("netns.test.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"), "bin", "java");
        assumeTrue(Files.isExecutable(java17), "no JDK 17 at " + java17 + " (set -Dnetns.test.jdk17=...)");
        boolean multiRelease;
        try (JarFile j = new JarFile(jar.toFile())) {
            multiRelease = j.getEntry("META-INF/versions/18/io/github/netnsjunit/junit/internal/resolver/"
                    + "TopologyResolverProvider.class") != null;
            assertThat(j.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
            assertThat(j.getEntry("META-INF/services/java.net.spi.InetAddressResolverProvider") != null)
                    .as("service registration exactly when the jar has the resolver").isEqualTo(multiRelease);
        }
        String classPath = jar + java.io.File.pathSeparator
                + System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java17.toString(), "-cp", classPath, Jdk17Probe.class.getName(), jar.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println("[jdk17 probe, jar " + (multiRelease ? "with" : "without") + " META-INF/versions/18] " + out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("java 17: loaded ").contains("failures []",
                "resolver provider visible false, loadable false, localhost 127.0.0.1");
    }
}
