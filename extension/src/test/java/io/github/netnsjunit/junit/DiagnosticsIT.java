package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.netnsjunit.junit.internal.KeptNamespaces;

import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.netlink.testing.Tcpdump;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Failure reports, packet captures and kept namespaces, each checked against an independent oracle: {@code ip -j
 * addr} inside the namespace, {@code tcpdump -r} on the pcap, {@code ip netns} on the kept namespaces.
 */
class DiagnosticsIT {

    private static final Map<String, String> IP_ADDR = new LinkedHashMap<>();

    /** Two namespaces on a bridge in a third, with NAT there: every section of the state has something in it. */
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @NetNamespace("sw")
    @Bridge(name = "br0", namespace = "sw", address = "172.18.0.1/24")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24", peer = "p0", peerNamespace = "sw",
            peerMaster = "br0")
    @VethPair(name = "veth1", namespace = "ns1", address = "172.18.0.3/24", peer = "p1", peerNamespace = "sw",
            peerMaster = "br0")
    @Route(namespace = "ns0", via = "172.18.0.1")
    @Masquerade(namespace = "sw", source = "172.18.0.0/24")
    static class FailingTestCase {
        @Test
        void pingsThenFails(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1) throws Exception {
            assertThat(ns0.ping("172.18.0.3").received()).isEqualTo(3);
            // the shared runner forks in the JVM's namespace, so the JDK's "process reaper" thread is never born in
            // a test namespace, whichever thread calls it
            IP_ADDR.put("ns0", Kernel.nsenter(ns0.path(), "ip", "-j", "addr"));
            IP_ADDR.put("ns1", Kernel.nsenter(ns1.path(), "ip", "-j", "addr"));
            throw new AssertionError("the test fails on purpose");
        }
    }

    @Test
    void aFailedTestGetsItsStateDiagramAndReportAttached(@TempDir Path reports) throws Exception {
        IP_ADDR.clear();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FailingTestCase.class))
                .configurationParameter(NetnsConfig.REPORT_DIRECTORY, reports.toString())
                .execute();

        Throwable failure = onlyFailure(results);
        assertThat(failure).hasMessage("the test fails on purpose");
        Path dir = reports.resolve("FailingTestCase").resolve("pingsThenFails_NetNs_NetNs");
        Path stateFile = dir.resolve("state.txt");
        String state = Files.readString(stateFile);
        assertThat(state).contains("netns ns0:", "netns ns1:", "netns sw:", "inet 172.18.0.2/24", "inet 172.18.0.3/24",
                "inet 172.18.0.1/24", "default via 172.18.0.1 dev veth0",
                "172.18.0.3 dev veth0 lladdr", "bridge fdb br0:", " dev p0 master br0", "nftables:",
                "masquerade");
        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(failure.getSuppressed()[0].getMessage())
                .isEqualTo("Network state when the test failed (also in " + stateFile.toAbsolutePath() + "):\n" + state);
        assertThat(entries(results)).containsEntry("netns-junit.state", stateFile.toAbsolutePath().toString());
        assertThat(Files.readString(dir.resolve("topology.mmd"))).startsWith("flowchart LR\n")
                .contains("sw_p0 -.-|port| sw_br0");
        assertThat(Files.readString(dir.resolve("topology.dot"))).startsWith("graph topology {");

        // the oracle: what iproute2 printed inside each namespace during the test
        for (Map.Entry<String, String> ns : IP_ADDR.entrySet()) {
            String section = section(state, "netns " + ns.getKey() + ":");
            Map<String, List<String>> expected = ipJsonAddresses(ns.getValue());
            assertThat(expected).containsKeys("lo");
            assertThat(expected.get("lo")).contains("inet 127.0.0.1/8", "inet6 ::1/128");
            assertThat(expected.get(ns.getKey().equals("ns0") ? "veth0" : "veth1"))
                    .contains("state UP", ns.getKey().equals("ns0") ? "inet 172.18.0.2/24" : "inet 172.18.0.3/24")
                    .anyMatch(line -> line.startsWith("inet6 fe80::"));
            expected.forEach((link, lines) -> {
                String block = linkBlock(section, link);
                assertThat(lines).allSatisfy(line -> assertThat(block).contains(line));
            });
        }
    }

    /** A ping across a veth pair, recorded in ns1. */
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24",
            peer = "veth1", peerNamespace = "ns1", peerAddress = "172.18.0.3/24")
    @Capture(namespace = "ns1")
    static class CaptureTestCase {
        @Test
        void pings(@Ns("ns0") NetNs ns0) {
            assertThat(ns0.ping("172.18.0.3", 3, java.time.Duration.ofSeconds(1)).received()).isEqualTo(3);
        }
    }

    @Test
    void capturesAreKeptWhenAskedAndShowTheEchoes(@TempDir Path reports) throws Exception {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(CaptureTestCase.class))
                .configurationParameter(NetnsConfig.REPORT_DIRECTORY, reports.toString())
                .configurationParameter(NetnsConfig.CAPTURE_KEEP, "always")
                .execute();

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        Path pcap = reports.resolve("CaptureTestCase").resolve("pings_NetNs").resolve("ns1-veth1.pcap");
        assertThat(entries(results)).containsEntry("netns-junit.capture", pcap.toAbsolutePath().toString());
        List<String> lines = Tcpdump.read(pcap).stream().filter(l -> l.contains("ICMP")).toList();
        assertThat(lines.stream().filter(l -> l.contains("IP 172.18.0.2 > 172.18.0.3: ICMP echo request"))).hasSize(3);
        assertThat(lines.stream().filter(l -> l.contains("IP 172.18.0.3 > 172.18.0.2: ICMP echo reply"))).hasSize(3);
    }

    @Test
    void capturesOfPassingTestsAreDeletedByDefault(@TempDir Path reports) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(CaptureTestCase.class))
                .configurationParameter(NetnsConfig.REPORT_DIRECTORY, reports.toString())
                .execute();

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(reports.resolve("CaptureTestCase").resolve("pings_NetNs")).doesNotExist();
    }

    @NetNamespace("ns0")
    @Capture(namespace = "ns0", interfaces = "lo")
    static class AbortedTestCase {
        @Test
        void abortsOnAnAssumption() {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "not today");
        }
    }

    @Test
    void anAbortedTestIsNoFailure(@TempDir Path reports) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(AbortedTestCase.class))
                .configurationParameter(NetnsConfig.REPORT_DIRECTORY, reports.toString())
                .configurationParameter(NetnsConfig.KEEP_ON_FAILURE, "true")
                .execute();

        results.testEvents().assertStatistics(s -> s.aborted(1).failed(0));
        assertThat(reports.resolve("AbortedTestCase").resolve("abortsOnAnAssumption")).doesNotExist();
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24",
            peer = "veth1", peerNamespace = "ns1", peerAddress = "172.18.0.3/24")
    static class KeptTestCase {
        @Test
        void fails() {
            throw new AssertionError("keep me");
        }
    }

    @Test
    void keptNamespacesOutliveTheTestAndTheSweepRemovesOnlyThoseOfEndedJvms(@TempDir Path reports) throws Exception {
        KeptNamespaces kept = KeptNamespaces.standard();
        String ours = KeptNamespaces.prefixOfThisJvm();
        String dead = "nj-999999999-1-x";
        String reusedPid = "nj-" + ProcessHandle.current().pid() + "-1-y";
        List<String> created = new ArrayList<>(List.of(dead, reusedPid));
        try {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(KeptTestCase.class))
                    .configurationParameter(NetnsConfig.REPORT_DIRECTORY, reports.toString())
                    .configurationParameter(NetnsConfig.KEEP_ON_FAILURE, "true")
                    .execute();
            assertThat(onlyFailure(results)).hasMessage("keep me");
            String ns0 = ours + "ns0";
            String ns1 = ours + "ns1";
            created.addAll(List.of(ns0, ns1));

            assertThat(Kernel.run("ip", "netns", "list")).contains(ns0, ns1);
            assertThat(Kernel.run("ip", "netns", "exec", ns0, "ip", "-j", "addr"))
                    .contains("\"local\":\"172.18.0.2\",\"prefixlen\":24");
            assertThat(Kernel.run("ip", "netns", "exec", ns1, "ip", "-j", "addr"))
                    .contains("\"local\":\"172.18.0.3\",\"prefixlen\":24");
            assertThat(entries(results)).containsEntry("netns-junit.kept.ns0", "ip netns exec " + ns0
                    + " bash | nsenter --net=/run/netns/" + ns0 + " | ip netns del " + ns0);
            assertThat(Files.readString(reports.resolve("KeptTestCase/fails/state.txt")))
                    .contains("ip netns exec " + ns0 + " bash", "nsenter --net=/run/netns/" + ns1,
                            "ip netns del " + ns0 + "; ip netns del " + ns1);

            // a JVM that has ended, and one whose pid was reused by us (its start time is not ours)
            for (String name : List.of(dead, reusedPid)) {
                try (io.github.netnsjunit.netlink.ns.NamespaceHandle ns = io.github.netnsjunit.netlink.ns.NamespaceHandle.create("x")) {
                    Path entry = Files.createFile(kept.directory().resolve(name));
                    ns.attach(entry);
                }
            }
            assertThat(Kernel.run("ip", "netns", "list")).contains(dead, reusedPid);

            assertThat(kept.sweep()).containsExactlyInAnyOrder(dead, reusedPid);

            String after = Kernel.run("ip", "netns", "list");
            assertThat(after).doesNotContain(dead).doesNotContain(reusedPid).contains(ns0, ns1);
            kept.remove(ns0);
            kept.remove(ns1);
            assertThat(Kernel.run("ip", "netns", "list")).doesNotContain(ns0).doesNotContain(ns1);
        } finally {
            for (String name : created) {
                kept.remove(name);
            }
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain("/run/netns/nj-");
    }

    private static Throwable onlyFailure(EngineExecutionResults results) {
        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(1);
        return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    private static Map<String, String> entries(EngineExecutionResults results) {
        Map<String, String> out = new LinkedHashMap<>();
        results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
                .forEach(r -> out.putAll(r.getKeyValuePairs()));
        return out;
    }

    /**
     * From {@code ip -j addr}: per link, the lines our dump must show, {@code inet ADDRESS/LENGTH} for each address
     * and {@code state OPERSTATE}. Parsed with patterns over iproute2's stable key order; no JSON library needed.
     */
    private static Map<String, List<String>> ipJsonAddresses(String json) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String link : json.split("\\{\"ifindex\":")) {
            Matcher name = Pattern.compile("\"ifname\":\"([^\"]+)\"").matcher(link);
            if (!name.find()) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            Matcher state = Pattern.compile("\"operstate\":\"([A-Z]+)\"").matcher(link);
            if (state.find()) {
                lines.add("state " + state.group(1));
            }
            Matcher a = Pattern.compile("\"family\":\"(inet6?)\",\"local\":\"([^\"]+)\",\"prefixlen\":(\\d+)").matcher(link);
            while (a.find()) {
                lines.add(a.group(1) + " " + a.group(2) + "/" + a.group(3));
            }
            out.put(name.group(1), lines);
        }
        return out;
    }

    /** The part of the state from {@code header} to the next namespace. */
    private static String section(String state, String header) {
        int start = state.indexOf(header);
        assertThat(start).as(header).isNotNegative();
        int end = state.indexOf("\nnetns ", start + 1);
        return state.substring(start, end < 0 ? state.length() : end);
    }

    /** The lines of one link: its {@code N: name...} line and the indented lines under it. */
    private static String linkBlock(String section, String link) {
        Matcher m = Pattern.compile("(?m)^  \\d+: " + Pattern.quote(link) + "[@:].*\\n(?:      .*\\n)*").matcher(section);
        assertThat(m.find()).as("link " + link + " in\n" + section).isTrue();
        return m.group();
    }
}
