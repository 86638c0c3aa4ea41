package io.github.netnsjunit.junit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.KitMain;
import io.github.netnsjunit.junit.Masquerade;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.junit.internal.HostSweep;
import io.github.netnsjunit.netlink.testing.BackgroundProcess;
import io.github.netnsjunit.netlink.testing.Processes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed with SIGKILL in the middle of a test leaves nothing the kernel cannot free by itself: its
 * namespaces, its host link (the peer dies with its namespace) and its host nft table (owner flag) disappear;
 * the host sysctl it changed is put back by the next run's sweep.
 */
class SigkillIT {
    @KitFixture
    @NetNamespace("ns0")
    @VethPair(name = "uplink", namespace = "host", address = "10.250.33.1/30", peer = "eth0", peerNamespace = "ns0",
            peerAddress = "10.250.33.2/30")
    @Masquerade(namespace = "host", source = "10.250.33.0/30")
    public static class KilledTestCase {
        @org.junit.jupiter.api.Test
        void sleeps(Topology topology) throws InterruptedException {
            StringBuilder sb = new StringBuilder("READY");
            topology.namespaces().forEach(n -> sb.append(' ').append(n.name()).append('=')
                    .append(Kernel.inode(n.path())));
            System.out.println(sb);
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    private static List<String> ourTables(long pid) {
        String prefix = "netns_junit_" + Long.toString(pid, 36) + "_";
        List<String> out = new ArrayList<>();
        for (String line : Kernel.run("nft", "list", "tables").lines().toList()) {
            String name = line.substring(line.lastIndexOf(' ') + 1);
            if (name.startsWith(prefix)) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void killedJvmLeavesNoNamespaceLinkOrTable() throws Exception {
        String forwardBefore = Kernel.hostSysctl("net.ipv4.ip_forward");
        int machineBefore = Kernel.machineNamespaces().size();
        BackgroundProcess running = Processes.start(new ProcessBuilder(KitMain.command(KilledTestCase.class))
                .redirectErrorStream(true));
        Process child = running.process();
        long pid = child.pid();
        Set<String> childNamespaces = new TreeSet<>();
        try {
            // the child builds its topology and prints READY; generous: it is a whole JVM starting on a busy machine
            Optional<String> ready = running.awaitLine(l -> l.startsWith("READY"), Duration.ofSeconds(120));
            running.stdout().lines().takeWhile(l -> !l.startsWith("READY"))
                    .forEach(l -> System.out.println("[sigkill child] " + l));
            assertThat(ready).as("child reported READY").isPresent();
            String line = ready.get();
            for (String part : line.split(" ")) {
                if (part.contains("=") && !part.startsWith("host=")) {
                    childNamespaces.add(part.substring(part.indexOf('=') + 1));
                }
            }
            // while it runs: what it made is there
            assertThat(childNamespaces).hasSize(1);
            assertThat(Kernel.machineNamespaces()).containsAll(childNamespaces);
            assertThat(Kernel.ourHostLinks(pid)).hasSize(1);
            assertThat(ourTables(pid)).hasSize(1);
            assertThat(Kernel.hostSysctl("net.ipv4.ip_forward")).isEqualTo("1");
            System.out.println("[sigkill] child " + pid + " ready: netns " + childNamespaces + ", host links "
                    + Kernel.ourHostLinks(pid) + ", tables " + ourTables(pid) + ", machine netns " + machineBefore
                    + " -> " + Kernel.machineNamespaces().size());
        } finally {
            child.destroyForcibly(); // SIGKILL, our own child only
        }
        long killed = System.nanoTime();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long exited = System.nanoTime();
        running.close();
        long cleanMillis = Kernel.await(() -> Kernel.ourHostLinks(pid).isEmpty() && ourTables(pid).isEmpty()
                && Kernel.machineNamespaces().stream().noneMatch(childNamespaces::contains), 5000);
        long total = (System.nanoTime() - killed) / 1_000_000;
        int machineAfter = Kernel.machineNamespaces().size();
        String forwardAfterKill = Kernel.hostSysctl("net.ipv4.ip_forward");
        List<String> swept = HostSweep.run();
        String forwardAfterSweep = Kernel.hostSysctl("net.ipv4.ip_forward");
        System.out.println("[sigkill] exit " + child.exitValue() + " after " + (exited - killed) / 1_000_000
                + " ms; kernel cleanup done " + cleanMillis + " ms after exit (" + total + " ms after SIGKILL);"
                + " machine netns before " + machineBefore + ", after " + machineAfter
                + "; /run/netns: " + (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/run/netns"))
                        ? Kernel.run("ls", "/run/netns").strip() : "(absent)")
                + "; ip_forward before " + forwardBefore + ", after kill " + forwardAfterKill + ", after sweep "
                + forwardAfterSweep + "; sweep: " + swept);
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(cleanMillis).as("cleanup within 5 s").isNotNegative();
        assertThat(Kernel.ourHostLinks(pid)).isEmpty();
        assertThat(ourTables(pid)).isEmpty();
        assertThat(forwardAfterSweep).isEqualTo(forwardBefore);
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/run/netns"))) {
            assertThat(Kernel.run("ls", "/run/netns").strip()).isEmpty();
        }
    }
}
