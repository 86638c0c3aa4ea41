package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link NetNs#start(ProcessBuilder)} runs the process inside the namespace, and forking it from a namespace thread
 * leaves none of the JDK's threads (the pooled "process reaper") in that namespace.
 */
@NetNamespace("ns0")
@VethPair(name = "v0", namespace = "ns0", address = "10.41.0.1/24", peer = "v1", peerNamespace = "ns0",
        peerAddress = "10.41.0.2/24")
class ProcessStartIT {

    @Test
    @InNamespace("ns0")
    void processRunsInTheNamespaceAndNoJdkThreadStaysThere(NetNs ns0) throws Exception {
        Process p = ns0.start(new ProcessBuilder("ip", "-o", "addr", "show", "dev", "v0"));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("inet 10.41.0.1/24");
        assertThat(threadsIn(Files.readSymbolicLink(Path.of(ns0.path())).toString()))
                .as("threads inside ns0 besides the test's own")
                .containsOnly(Files.readString(Path.of("/proc/thread-self/comm")).strip());
    }

    private static List<String> threadsIn(String inode) throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (Files.readSymbolicLink(t.resolve("ns/net")).toString().equals(inode)) {
                        names.add(Files.readString(t.resolve("comm")).strip());
                    }
                } catch (java.io.IOException ended) {
                    // the thread ended while we looked
                }
            }
        }
        return names;
    }
}
