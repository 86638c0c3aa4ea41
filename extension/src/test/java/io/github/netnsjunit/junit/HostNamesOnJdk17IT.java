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
 * Java 17 cannot hook in-JVM lookups: a topology with host names warns (naming JDK 18+) and still works, processes
 * resolve the names; and the multi-release jar, built with the JDK 18+ resolver in it, loads on a JDK 17.
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
            // from the client namespace, which has no route off the machine, the JDK's DNS query fails at once
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

    @Test
    void onJava17AWarningNamesJdk18AndProcessesStillResolveTheNames() {
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
        try {
            SEEN.clear();
            Kit.run(NamesOnJdk17TestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(warnings).containsExactly("WARNING netns-junit: host names db cannot be resolved inside this JVM:"
                + " it runs Java 17, and hooking InetAddress lookups needs java.net.spi.InetAddressResolverProvider, which"
                + " exists from JDK 18 on. InetAddress, HttpClient and NIO lookups of them fail with UnknownHostException:"
                + " run the tests on JDK 18 or later, or connect to the addresses. Processes started with"
                + " NetNs.start(...) do see them, in their /etc/hosts.");
        assertThat(SEEN).containsExactly("unknown", "10.47.0.2       STREAM db");
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
