package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@link SharedTopology}: the same namespaces serve every test of the class; each test gets a fresh thread. */
@SharedTopology
@NetNamespace("a")
@NetNamespace("b")
@VethPair(name = "va", namespace = "a", address = "10.31.0.1/24", peer = "vb", peerNamespace = "b", peerAddress = "10.31.0.2/24")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedTopologyIT {
    private static final List<String> INODES = new ArrayList<>();
    private static final List<Long> THREADS = new ArrayList<>();

    private static String inode(NetNs ns) throws Exception {
        return Files.readSymbolicLink(Path.of(ns.path())).toString();
    }

    @Test
    @Order(1)
    @InNamespace("a")
    void first(NetNs a) throws Exception {
        INODES.add(inode(a));
        THREADS.add(Thread.currentThread().getId());
        assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()).isEqualTo(inode(a));
    }

    @Test
    @Order(2)
    @InNamespace("a")
    void second(NetNs a) throws Exception {
        INODES.add(inode(a));
        THREADS.add(Thread.currentThread().getId());
        assertThat(a.ping("10.31.0.2").received()).isEqualTo(3);
    }

    @AfterAll
    static void sameNamespacesFreshThreads() {
        assertThat(INODES).hasSize(2);
        assertThat(INODES.get(0)).isEqualTo(INODES.get(1));
        assertThat(THREADS.get(0)).isNotEqualTo(THREADS.get(1));
    }
}
