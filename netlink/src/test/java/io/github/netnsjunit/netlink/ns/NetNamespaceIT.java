package io.github.netnsjunit.netlink.ns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.testing.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetNamespaceIT {

    @Test
    void createdNamespaceIsFreshAndDistinctFromTheHost() throws Throwable {
        String hostInode = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        try (NetNamespace ns = NetNamespace.create("fresh")) {
            String inode = Files.readSymbolicLink(Path.of(ns.path())).toString();
            assertThat(inode).startsWith("net:[").isNotEqualTo(hostInode);
            // oracle: ip inside the namespace sees only a down loopback
            String json = Oracle.run(ns, "ip", "-j", "link", "show");
            assertThat(json).contains("\"ifname\":\"lo\"").doesNotContain("\"ifname\":\"eth");
            assertThat(Oracle.run(ns, "ip", "-o", "link").lines()).hasSize(1);
            // the pinned thread is inside it
            String threadInode = ns.call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
            assertThat(threadInode).isEqualTo(inode);
        }
    }

    @Test
    void closingTheHandleDestroysTheNamespace() throws Exception {
        NetNamespace ns = NetNamespace.create("doomed");
        String inode = Files.readSymbolicLink(Path.of(ns.path())).toString();
        ns.sysctl("net.ipv4.ip_forward", "1");
        ns.close();
        // a joined thread may take a moment to leave /proc/self/task
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (Oracle.liveNetNamespaceInodes().contains(inode) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(Oracle.liveNetNamespaceInodes()).doesNotContain(inode);
    }

    @Test
    void sysctlsAreWrittenInsideTheNamespaceOnly() {
        String hostValue = Sysctls.read("net.ipv4.ping_group_range");
        try (NetNamespace ns = NetNamespace.create("sys")) {
            assertThat(ns.sysctl("net.ipv4.ping_group_range")).isEqualTo("1\t0");
            ns.sysctl("net.ipv4.ping_group_range", "0 2147483647");
            assertThat(Oracle.run(ns, "cat", "/proc/sys/net/ipv4/ping_group_range").strip()).isEqualTo("0\t2147483647");
        }
        assertThat(Sysctls.read("net.ipv4.ping_group_range")).isEqualTo(hostValue);
    }

    @Test
    void unknownSysctlIsReportedByName() {
        try (NetNamespace ns = NetNamespace.create("sys")) {
            assertThatThrownBy(() -> ns.sysctl("net.ipv4.no_such_knob"))
                    .hasMessage("unknown sysctl \"net.ipv4.no_such_knob\": /proc/sys/net/ipv4/no_such_knob does not exist");
        }
    }

    @Test
    void createAllRunsTheInitializerInsideEachNamespace() throws Exception {
        List<NetNamespace> all = NetNamespace.createAll(List.of("a", "b"),
                name -> Sysctls.write("net.ipv4.ip_forward", name.equals("a") ? "1" : "0"));
        try {
            assertThat(Oracle.run(all.get(0), "cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("1");
            assertThat(Oracle.run(all.get(1), "cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("0");
        } finally {
            all.forEach(NetNamespace::close);
        }
    }
}
