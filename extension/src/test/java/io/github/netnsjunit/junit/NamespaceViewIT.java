package io.github.netnsjunit.junit;

import io.github.netnsjunit.netlink.testing.Kernel;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What code sees on a namespace thread is that namespace: {@code java.net.NetworkInterface} (IPv4 and IPv6, the
 * latter read by the JDK from {@code /proc/net/if_inet6}), multicast on a namespace interface, {@code /proc/net/*}
 * and {@code /sys/class/net} — checked against {@code ip -j addr} run inside the namespace, while the JVM's mount
 * table stays as it was.
 */
@NetNamespace("ns0")
@NetNamespace("ns1")
@VethPair(name = "veth0", namespace = "ns0", address = {"10.47.0.1/24", "fd47::1/64"},
        peer = "veth1", peerNamespace = "ns1", peerAddress = {"10.47.0.2/24", "fd47::2/64"})
class NamespaceViewIT {
    private static String hostMountsBefore;
    private static String hostFindmntBefore;

    @BeforeAll
    static void recordHostMounts() {
        hostMountsBefore = hostMountinfo();
        hostFindmntBefore = Kernel.run("findmnt", "-J");
    }

    @AfterEach
    void hostMountsUnchangedAfterEachTest() {
        hostMountsUnchanged();
    }

    @AfterAll
    static void hostMountsUnchanged() {
        assertThat(hostMountinfo()).isEqualTo(hostMountsBefore);
        assertThat(Kernel.run("findmnt", "-J")).isEqualTo(hostFindmntBefore);
    }

    /** The mount table of the JVM's main thread (its thread-group leader, whose mount namespace is the JVM's). */
    private static String hostMountinfo() {
        try {
            return Files.readString(Path.of("/proc/" + ProcessHandle.current().pid() + "/task/"
                    + ProcessHandle.current().pid() + "/mountinfo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @InNamespace("ns1")
    void networkInterfacesAreTheNamespacesLinksWithTheirIpv4AndIpv6Addresses(NetNs ns1) throws Exception {
        Set<String> seen = new TreeSet<>();
        for (NetworkInterface ifc : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InterfaceAddress a : ifc.getInterfaceAddresses()) {
                seen.add(ifc.getName() + " #" + ifc.getIndex() + " " + plain(a.getAddress()) + "/"
                        + a.getNetworkPrefixLength());
            }
        }
        assertThat(seen).isEqualTo(oracleAddresses(ns1.path()))
                .contains("veth1 #" + indexOf(ns1.path(), "veth1") + " fd47:0:0:0:0:0:0:2/64")
                .contains("lo #1 0:0:0:0:0:0:0:1/128");
        System.out.println("[view] NetworkInterface in ns1: " + seen);

        NetworkInterface veth1 = NetworkInterface.getByName("veth1");
        assertThat(veth1).isNotNull();
        assertThat(veth1.getIndex()).isEqualTo(indexOf(ns1.path(), "veth1"));
        assertThat(NetworkInterface.getByIndex(veth1.getIndex()).getName()).isEqualTo("veth1");
        assertThat(NetworkInterface.getByName("veth0")).as("the peer, in ns0").isNull();
        String hostOnly = Kernel.hostLinkNames().stream().filter(n -> !n.equals("lo")).findFirst().orElseThrow();
        assertThat(NetworkInterface.getByName(hostOnly)).as("host link " + hostOnly).isNull();
    }

    @Test
    @InNamespace("ns1")
    void procNetAndSysClassNetListTheNamespacesLinks(NetNs ns1) throws Exception {
        Set<String> links = oracleLinks(ns1.path());
        assertThat(links).containsExactlyInAnyOrder("lo", "veth1");
        assertThat(procNetDev("/proc/net/dev")).isEqualTo(links);
        assertThat(procNetDev("/proc/self/net/dev")).isEqualTo(links);
        assertThat(sysClassNet()).isEqualTo(links);
        assertThat(Files.readString(Path.of("/sys/class/net/veth1/ifindex")).strip())
                .isEqualTo(Integer.toString(indexOf(ns1.path(), "veth1")));
        assertThat(Files.readString(Path.of("/proc/net/if_inet6"))).contains("fd470000000000000000000000000002")
                .doesNotContain("fd470000000000000000000000000001");

        // a thread started here inherits the view (and ends before the test does)
        AtomicReference<Set<String>> fromChild = new AtomicReference<>();
        Thread child = new Thread(() -> fromChild.set(sysClassNet()), "view-child");
        child.start();
        child.join();
        assertThat(fromChild.get()).isEqualTo(links);
    }

    /** A namespace thread first started from another one has a view of its own, not one stacked on the other's. */
    @Test
    @InNamespace("ns1")
    void aNamespaceThreadStartedFromAnotherHasItsOwnViewOnly(Topology topology) throws Exception {
        String procNet = "/proc/" + ProcessHandle.current().pid() + "/net";
        long sysMountsOfTheJvm = mountsAt(hostMountinfo(), "/sys");
        assertThat(mountsAt(Files.readString(Path.of("/proc/thread-self/mountinfo")), procNet)).isEqualTo(1);
        NetNs ns0 = topology.namespace("ns0");
        long[] seen = ns0.call(() -> {
            String mine = Files.readString(Path.of("/proc/thread-self/mountinfo"));
            return new long[] {mountsAt(mine, procNet), mountsAt(mine, "/sys")};
        });
        assertThat(seen).containsExactly(1, sysMountsOfTheJvm + 1);
        assertThat(ns0.call(NamespaceViewIT::sysClassNet)).isEqualTo(oracleLinks(ns0.path()));
    }

    private static long mountsAt(String mountinfo, String point) {
        return mountinfo.lines().filter(l -> l.split(" ")[4].equals(point)).count();
    }

    @Test
    void aProcessStartedWithNetNsStartSeesTheNamespacesSysClassNetAndProcNetInTheJvmsWorkingDirectory(
            Topology topology) throws Exception {
        NetNs ns1 = topology.namespace("ns1");
        Process p = ns1.start(new ProcessBuilder("sh", "-c", "ls /sys/class/net; echo; sed 1,2d /proc/net/dev"
                + " | cut -d: -f1; echo; pwd"));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        String[] parts = out.split("\n\n");
        Set<String> sys = parts[0].lines().collect(Collectors.toCollection(TreeSet::new));
        Set<String> proc = parts[1].lines().map(String::strip).collect(Collectors.toCollection(TreeSet::new));
        assertThat(sys).isEqualTo(oracleLinks(ns1.path()));
        assertThat(proc).isEqualTo(oracleLinks(ns1.path()));
        assertThat(parts[2].strip()).isEqualTo(Path.of("").toAbsolutePath().toString());
    }

    @Test
    @InNamespace("ns1")
    void aMulticastSocketJoinsAGroupOnANamespaceInterfaceAndReceivesFromThePeerNamespace(Topology topology)
            throws Exception {
        InetAddress group = InetAddress.getByName("239.47.0.9");
        try (MulticastSocket receiver = new MulticastSocket(new InetSocketAddress(0))) {
            receiver.setSoTimeout(5000);
            receiver.joinGroup(new InetSocketAddress(group, 0), NetworkInterface.getByName("veth1"));
            int port = receiver.getLocalPort();
            topology.namespace("ns0").run(() -> {
                try (MulticastSocket sender = new MulticastSocket(new InetSocketAddress(0))) {
                    sender.setNetworkInterface(NetworkInterface.getByName("veth0"));
                    byte[] data = "hello ns1".getBytes(StandardCharsets.UTF_8);
                    sender.send(new DatagramPacket(data, data.length, group, port));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            DatagramPacket packet = new DatagramPacket(new byte[64], 64);
            receiver.receive(packet);
            assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8)).isEqualTo("hello ns1");
            assertThat(packet.getAddress().getHostAddress()).isEqualTo("10.47.0.1");
        }
    }

    // ---------------------------------------------------------------- oracle: ip -j addr inside the namespace

    /** Every address of every link as {@code name #index address/prefix}, from {@code ip -j addr} in the namespace. */
    @SuppressWarnings("unchecked")
    private static Set<String> oracleAddresses(String path) throws Exception {
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> link : Kernel.ipAddr(path)) {
            for (Map<String, Object> a : (List<Map<String, Object>>) link.getOrDefault("addr_info", List.of())) {
                out.add(link.get("ifname") + " #" + link.get("ifindex") + " "
                        + plain(InetAddress.getByName((String) a.get("local"))) + "/" + a.get("prefixlen"));
            }
        }
        return out;
    }

    private static Set<String> oracleLinks(String path) {
        return Kernel.ipAddr(path).stream().map(l -> (String) l.get("ifname")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static int indexOf(String path, String name) {
        return Kernel.ipAddr(path).stream().filter(l -> name.equals(l.get("ifname")))
                .map(l -> ((Long) l.get("ifindex")).intValue()).findFirst().orElseThrow();
    }

    /** An address without scope id, in Java's own text form, for comparing both sides. */
    private static String plain(InetAddress a) throws Exception {
        return InetAddress.getByAddress(a.getAddress()).getHostAddress();
    }

    private static Set<String> procNetDev(String path) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(path)));
        return lines.subList(2, lines.size()).stream().map(l -> l.substring(0, l.indexOf(':')).strip())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> sysClassNet() {
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
