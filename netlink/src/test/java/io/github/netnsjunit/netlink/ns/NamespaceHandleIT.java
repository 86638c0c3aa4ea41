package io.github.netnsjunit.netlink.ns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.nft.Nft;
import io.github.netnsjunit.netlink.nft.NftBatch;
import io.github.netnsjunit.netlink.nft.Nftables;
import io.github.netnsjunit.netlink.nft.Table;
import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.netlink.testing.Oracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class NamespaceHandleIT {

    @Test
    void createdNamespaceIsFreshAndDistinctFromTheHost() throws Throwable {
        String hostInode = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        try (NamespaceHandle ns = NamespaceHandle.create("fresh")) {
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
        NamespaceHandle ns = NamespaceHandle.create("doomed");
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
        try (NamespaceHandle ns = NamespaceHandle.create("sys")) {
            assertThat(ns.sysctl("net.ipv4.ping_group_range")).isEqualTo("1\t0");
            ns.sysctl("net.ipv4.ping_group_range", "0 2147483647");
            assertThat(Oracle.run(ns, "cat", "/proc/sys/net/ipv4/ping_group_range").strip()).isEqualTo("0\t2147483647");
        }
        assertThat(Sysctls.read("net.ipv4.ping_group_range")).isEqualTo(hostValue);
    }

    @Test
    void unknownSysctlIsReportedByName() {
        try (NamespaceHandle ns = NamespaceHandle.create("sys")) {
            assertThatThrownBy(() -> ns.sysctl("net.ipv4.no_such_knob"))
                    .hasMessage("unknown sysctl \"net.ipv4.no_such_knob\": /proc/sys/net/ipv4/no_such_knob does not exist");
        }
    }

    @Test
    void createAllRunsTheInitializerInsideEachNamespace() throws Exception {
        List<NamespaceHandle> all = NamespaceHandle.createAll(List.of("a", "b"),
                name -> Sysctls.write("net.ipv4.ip_forward", name.equals("a") ? "1" : "0"));
        try {
            assertThat(Oracle.run(all.get(0), "cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("1");
            assertThat(Oracle.run(all.get(1), "cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("0");
        } finally {
            all.forEach(NamespaceHandle::close);
        }
    }

    @Test
    void aRejectedValueIsReportedWithTheErrno() {
        try (NamespaceHandle ns = NamespaceHandle.create("sys")) {
            assertThatThrownBy(() -> ns.sysctl("net.ipv4.ip_forward", "abc"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("cannot write sysctl net.ipv4.ip_forward=abc: EINVAL (Invalid argument)");
        }
    }

    @Test
    void theNetfilterSocketIsOpenedOnFirstUseInsideTheNamespace() throws Exception {
        String callerBefore = threadNamespace();
        try (NamespaceHandle ns = NamespaceHandle.create("nf")) {
            new Nftables(ns).apply(new NftBatch().add(Table.of(Nft.NFPROTO_INET, "lazy")));
            assertThat(Oracle.run(ns, "nft", "list", "tables")).contains("table inet lazy");
            assertThat(Oracle.runOnHost("nft", "list", "tables")).doesNotContain("table inet lazy");
            assertThat(ns.netfilterSocket()).isSameAs(ns.netfilterSocket());
        }
        // the calling thread entered the namespace for the socket(2) call only
        assertThat(threadNamespace()).isEqualTo(callerBefore);
    }

    @Test
    void createAllFromAVirtualThreadLeavesTheCallerWhereItWas() throws Throwable {
        java.lang.reflect.Method start;
        try {
            start = Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException e) {
            Assumptions.abort("virtual threads need Java 21+");
            return;
        }
        String jvm = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        CompletableFuture<List<String>> seen = new CompletableFuture<>();
        List<NamespaceHandle> made = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread virtual = (Thread) start.invoke(null, (Runnable) () -> {
            try {
                made.addAll(NamespaceHandle.createAll(List.of("v1", "v2"), name -> { }));
                seen.complete(List.of(threadNamespace(), made.get(0).path(), made.get(1).path()));
            } catch (Throwable t) {
                seen.completeExceptionally(t);
            }
        });
        virtual.join();
        try {
            List<String> result = seen.get();
            assertThat(result.get(0)).isEqualTo(jvm);
            String v1 = Files.readSymbolicLink(Path.of(result.get(1))).toString();
            String v2 = Files.readSymbolicLink(Path.of(result.get(2))).toString();
            assertThat(v1).isNotEqualTo(jvm).isNotEqualTo(v2);
            assertThat(Oracle.run(made.get(1), "ip", "-o", "link").lines()).hasSize(1);
        } finally {
            made.forEach(NamespaceHandle::close);
        }
    }

    /** Listeners hear of every pinned thread before any task runs on it, and must come before first use. */
    @Test
    void threadStartListenersHearOfEveryPinnedThreadBeforeItsFirstTask() throws Throwable {
        try (NamespaceHandle ns = NamespaceHandle.create("threads")) {
            List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
            ns.onThreadStart((where, thread) -> heard.add(where.name() + ":" + thread.thread().getName()
                    + ":" + ran.size()));
            ns.call(() -> ran.add("first"));
            ns.call(() -> ran.add("second")); // same thread: no new start
            assertThat(ns.releaseThread(1000)).isTrue();
            String namespaceOfSecondThread = ns.call(() -> {
                ran.add("third");
                return threadNamespace();
            });
            assertThat(heard).containsExactly("threads:netns-threads:0", "threads:netns-threads:2");
            assertThat(namespaceOfSecondThread).isEqualTo(Files.readSymbolicLink(Path.of(ns.path())).toString());
            assertThatThrownBy(() -> ns.onThreadStart((where, thread) -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("netns threads has started 2 pinned threads already: register thread start listeners"
                            + " before first use");
        }
    }

    /**
     * attach/detach are {@code ip netns attach}/{@code del}: the bind mount keeps the namespace after its handle is
     * closed, tools enter it by path, and detach removes mount and file. Oracles: nsenter and ip inside it,
     * /proc/self/mountinfo.
     */
    @Test
    void attachKeepsTheNamespaceUntilDetach(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path target = dir.resolve("kept");
        String inode;
        try (NamespaceHandle ns = NamespaceHandle.create("kept")) {
            inode = Files.readSymbolicLink(Path.of(ns.path())).toString();
            io.github.netnsjunit.netlink.route.RouteClient.of(ns).linkUp("lo");
            ns.attach(target);
        }
        assertThat(mountinfo()).contains(target.toString());
        assertThat(Kernel.nsenter(target.toString(), "ip", "-o", "link", "show", "lo"))
                .contains("lo:").contains("state UNKNOWN"); // up: the namespace we configured, alive without us
        assertThat(Kernel.nsenter(target.toString(), "readlink", "/proc/self/ns/net").strip())
                .isEqualTo(inode);
        assertThat(NamespaceHandle.detach(target)).isTrue();
        assertThat(target).doesNotExist();
        assertThat(mountinfo()).doesNotContain(target.toString());
        // nothing mounted (a crash between creating the file and mounting it): not an error, the file goes
        Files.createFile(target);
        assertThat(NamespaceHandle.detach(target)).isFalse();
        assertThat(target).doesNotExist();
        assertThat(NamespaceHandle.detach(target)).isFalse();
    }

    /**
     * open() is the way back from a mounted namespace to a handle (what GoneProbe needs for an {@code ip netns add}
     * namespace): the handle is on the same namespace (oracle: nsenter's readlink through the mount), its sockets work
     * there (oracle: ip inside sees the link made through the handle), and closing it leaves the namespace alive.
     */
    @Test
    void openGivesAHandleOnAMountedNamespaceThatItDoesNotOwn(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Throwable {
        Path target = dir.resolve("mounted");
        try (NamespaceHandle made = NamespaceHandle.create("made")) {
            made.attach(target);
        }
        try {
            String inode = Kernel.nsenter(target.toString(), "readlink", "/proc/self/ns/net").strip();
            try (NamespaceHandle opened = NamespaceHandle.open(target, "opened")) {
                assertThat(opened.isOwned()).isFalse();
                // (the fd's own link names the mount point, so ask a thread inside what namespace it is in)
                assertThat(opened.call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()))
                        .isEqualTo(inode);
                io.github.netnsjunit.netlink.route.RouteClient.of(opened).linkUp("lo");
            }
            // closed, yet alive and as configured through the handle
            assertThat(Kernel.nsenter(target.toString(), "ip", "-o", "link", "show", "lo"))
                    .contains("state UNKNOWN");
            assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()).isNotEqualTo(inode);
        } finally {
            NamespaceHandle.detach(target);
        }
        assertThatThrownBy(() -> NamespaceHandle.open(target, "gone"))
                .isInstanceOf(io.github.netnsjunit.netlink.sys.SyscallException.class)
                .hasMessageContaining("ENOENT");
    }

    @Test
    void attachFailureLeavesNoFileBehind(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path target = dir.resolve("missing-directory").resolve("kept");
        try (NamespaceHandle ns = NamespaceHandle.create("unkept")) {
            assertThatThrownBy(() -> ns.attach(target)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot create the mount point " + target + " for netns unkept");
        }
        assertThat(target.getParent()).doesNotExist();
    }

    private static String mountinfo() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"));
    }

    private static String threadNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
