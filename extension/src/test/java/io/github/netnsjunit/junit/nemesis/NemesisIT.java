package io.github.netnsjunit.junit.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.Kit;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.Partition;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.w3c.dom.Document;

/**
 * The nemesis kit live (issue 20 item 4): partition shapes over five namespaces on one bridge, checked by pinging
 * every pair and by {@code nft list ruleset} in each namespace (an input drop for exactly the namespaces it must
 * not hear); pause, resume and kill of a process checked in {@code /proc/PID/stat} (state {@code T}); a seeded
 * schedule run live against its plan; the timeline attached to the report and to a failure.
 */
@NetNamespace("n1")
@NetNamespace("n2")
@NetNamespace("n3")
@NetNamespace("n4")
@NetNamespace("n5")
@NetNamespace("sw")
@Bridge(name = "br0", namespace = "sw")
@VethPair(name = "e1", namespace = "n1", address = "10.70.0.1/24", peer = "p1", peerNamespace = "sw", peerMaster = "br0")
@VethPair(name = "e2", namespace = "n2", address = "10.70.0.2/24", peer = "p2", peerNamespace = "sw", peerMaster = "br0")
@VethPair(name = "e3", namespace = "n3", address = "10.70.0.3/24", peer = "p3", peerNamespace = "sw", peerMaster = "br0")
@VethPair(name = "e4", namespace = "n4", address = "10.70.0.4/24", peer = "p4", peerNamespace = "sw", peerMaster = "br0")
@VethPair(name = "e5", namespace = "n5", address = "10.70.0.5/24", peer = "p5", peerNamespace = "sw", peerMaster = "br0")
class NemesisIT {
    static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");

    private static String address(String node) {
        return "10.70.0." + node.substring(1);
    }

    @Test
    void everyShapeCutsExactlyThePairsItNames(Topology topology) throws Exception {
        Random random = new Random(7);
        List<PartitionShape> shapes = List.of(PartitionShape.isolate("n3", NODES),
                PartitionShape.halves(NODES, random), PartitionShape.majoritiesRing(NODES, random),
                PartitionShape.bridge(NODES, random));
        try (Nemesis nemesis = Nemesis.on(topology, 7)) {
            for (PartitionShape shape : shapes) {
                try (Partition p = nemesis.partition(shape)) {
                    for (String n : NODES) {
                        String rules = Kernel.nsenter(topology.namespace(n).path(), "nft", "list", "ruleset");
                        for (String m : NODES) {
                            boolean dropped = rules.contains("ip saddr " + address(m) + " counter packets");
                            assertThat(dropped).as("%s: %s drops what %s sends on input", shape, n, m)
                                    .isEqualTo(shape.grudge().getOrDefault(n, java.util.Set.of()).contains(m));
                        }
                    }
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < NODES.size(); i++) {
                        for (int j = i + 1; j < NODES.size(); j++) {
                            String a = NODES.get(i);
                            String b = NODES.get(j);
                            boolean replied = topology.namespace(a).ping(address(b), 1, Duration.ofMillis(300))
                                    .received() == 1;
                            if (replied != shape.connected(a, b)) {
                                wrong.add(a + "-" + b + (replied ? " answered" : " did not answer"));
                            }
                        }
                    }
                    assertThat(wrong).as("pairs whose ping disagrees with %s", shape).isEmpty();
                    assertThat(p.hits().packets()).as("%s hit the echoes across it", shape).isPositive();
                }
            }
            assertThat(nemesis.timeline().entries()).extracting(Timeline.Entry::fault)
                    .containsExactlyElementsOf(shapes.stream().map(PartitionShape::name).toList());
            assertThat(nemesis.timeline().entries()).noneMatch(Timeline.Entry::isActive);
        }
        for (String n : NODES) {
            assertThat(Kernel.nsenter(topology.namespace(n).path(), "nft", "list", "ruleset"))
                    .doesNotContain("netns_junit_part");
        }
        assertThat(topology.namespace("n1").ping(address("n5"), 1, Duration.ofSeconds(1)).received()).isEqualTo(1);
    }

    @Test
    void shapesAreJepsensShapes() {
        PartitionShape ring = PartitionShape.majoritiesRing(NODES, new Random(1));
        // every node hears a majority (itself and two more), and no two hear the same majority
        assertThat(ring.grudge()).hasSize(5).allSatisfy((n, unheard) -> assertThat(unheard).hasSize(2));
        assertThat(ring.grudge().values().stream().distinct().count()).isEqualTo(5);
        PartitionShape bridge = PartitionShape.bridge(NODES, new Random(1));
        String middle = NODES.stream().filter(n -> !bridge.grudge().containsKey(n)).findFirst().orElseThrow();
        assertThat(NODES).allSatisfy(n -> assertThat(bridge.connected(middle, n)).isTrue());
        assertThat(PartitionShape.halves(NODES, new Random(1)).grudge().values()).allSatisfy(
                s -> assertThat(s.size()).isIn(2, 3));
        assertThat(PartitionShape.halves(NODES, new Random(3))).isEqualTo(PartitionShape.halves(NODES, new Random(3)));
        assertThatThrownBy(() -> PartitionShape.bridge(List.of("n1", "n2"), new Random(1)))
                .hasMessage("a partition shape needs at least 3 distinct namespace names, not [n1, n2].");
    }

    @Test
    void pauseResumeAndKillAreWhatProcSays(Topology topology, @Ns("n1") NetNs n1) throws Exception {
        Process sleep = n1.start(new ProcessBuilder("sleep", "60"));
        try (Nemesis nemesis = Nemesis.on(topology)) {
            assertThat(state(sleep.pid())).isIn('S', 'R');
            PausedProcess paused = nemesis.pause(sleep);
            assertThat(state(sleep.pid())).isEqualTo('T');
            paused.resume();
            assertThat(state(sleep.pid())).isIn('S', 'R');
            nemesis.pause(sleep);
            assertThat(state(sleep.pid())).isEqualTo('T');
            nemesis.kill(sleep);
            assertThat(Files.exists(Path.of("/proc/" + sleep.pid()))).isFalse();
            assertThat(sleep.exitValue()).isEqualTo(128 + 9);
            assertThat(nemesis.timeline().entries()).extracting(Timeline.Entry::fault).containsExactly(
                    "pause pid " + sleep.pid() + " (sleep)", "pause pid " + sleep.pid() + " (sleep)",
                    "kill pid " + sleep.pid() + " (sleep)");
            assertThat(nemesis.timeline().entries()).noneMatch(Timeline.Entry::isActive);
        }
    }

    private static char state(long pid) throws Exception {
        // proc(5): the state letter follows the parenthesised command name
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    static final Map<String, Process> STARTED = new ConcurrentHashMap<>();

    @KitFixture
    @NetNamespace("a")
    static class LeftPausedTestCase {
        @Test
        void leavesItsProcessPaused(Topology topology, @Ns("a") NetNs a) {
            Process p = a.start(new ProcessBuilder("sleep", "60"));
            STARTED.put("paused", p);
            Nemesis.on(topology).pause(p);
        }
    }

    @Test
    void aProcessLeftPausedIsEndedAtTeardownBySigtermNotBySigkill() throws Exception {
        Kit.run(LeftPausedTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Process p = STARTED.get("paused");
        assertThat(Files.exists(Path.of("/proc/" + p.pid()))).isFalse();
        // a stopped process keeps SIGTERM pending (signal(7)); teardown continued it, so SIGTERM ended it (128 + 15)
        // at once instead of the SIGKILL fallback 2 s later (128 + 9)
        assertThat(p.waitFor()).isEqualTo(128 + 15);
    }

    @Test
    void aSeededScheduleRunsItsPlan(Topology topology) throws Exception {
        Schedule plan = Schedule.plan(42, Duration.ofMillis(1500), Duration.ofMillis(100), Duration.ofMillis(250), 2);
        assertThat(plan).isEqualTo(Schedule.plan(42, Duration.ofMillis(1500), Duration.ofMillis(100),
                Duration.ofMillis(250), 2));
        assertThat(plan.steps()).hasSizeGreaterThanOrEqualTo(3);
        try (Nemesis nemesis = Nemesis.on(topology, 42)) {
            List<Supplier<? extends AutoCloseable>> faults = List.of(() -> nemesis.partition("n1"),
                    () -> nemesis.partition("n2"));
            nemesis.run(plan, faults);
            assertThat(nemesis.awaitSchedule(Duration.ofSeconds(10))).isTrue();
            List<Timeline.Entry> entries = nemesis.timeline().entries();
            assertThat(entries).extracting(Timeline.Entry::fault).containsExactlyElementsOf(plan.steps().stream()
                    .map(s -> s.fault() == 0 ? "partition [n1] | [n2, n3, n4, n5, sw]"
                            : "partition [n2] | [n1, n3, n4, n5, sw]").toList());
            for (int i = 0; i < entries.size(); i++) {
                Schedule.Step step = plan.steps().get(i);
                Timeline.Entry e = entries.get(i);
                // the nemesis began just before the schedule: each fault at or after its planned time, not long after
                assertThat(e.start()).isBetween(step.start(), step.start().plusMillis(400));
                assertThat(e.end()).isBetween(step.end(), step.end().plusMillis(400));
            }
            assertThat(nemesis.timeline().text()).startsWith("nemesis timeline (seed 42; times since the nemesis "
                    + "began):\n  +0.");
        }
    }

    @KitFixture
    @NetNamespace("a")
    @NetNamespace("b")
    @VethPair(name = "va", namespace = "a", address = "10.71.0.1/24", peer = "vb", peerNamespace = "b",
            peerAddress = "10.71.0.2/24")
    static class FailsUnderANemesisTestCase {
        @Test
        void failsWhilePartitioned(Topology topology, @Ns("a") NetNs a) {
            Nemesis nemesis = Nemesis.on(topology, 5);
            nemesis.partition("b");
            assertThat(a.ping("10.71.0.2", 1, Duration.ofMillis(200)).received()).as("reply from b").isEqualTo(1);
        }
    }

    @Test
    void theTimelineGoesIntoTheFailureAndTheReport(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(Kit.INSIDE_KIT, "true")
                .outputDirectoryCreator(new org.junit.platform.engine.OutputDirectoryCreator() {
                    @Override
                    public Path getRootDirectory() {
                        return dir;
                    }

                    @Override
                    public Path createOutputDirectory(org.junit.platform.engine.TestDescriptor descriptor)
                            throws java.io.IOException {
                        return Files.createDirectories(dir.resolve(Integer.toHexString(descriptor.getUniqueId()
                                .hashCode())));
                    }
                })
                .selectors(selectClass(FailsUnderANemesisTestCase.class)).execute();
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow();
        assertThat(failure.getSuppressed()).anySatisfy(s -> assertThat(s.getMessage())
                .startsWith("nemesis-timeline.txt:\nnemesis timeline (seed 5; times since the nemesis began):\n")
                .containsPattern("\\+0\\.\\d{3} s \\.\\. still active {11}partition \\[b\\] \\| \\[a\\] \\(hit 1 "
                        + "packet, 84 bytes\\)\n"));
        List<FileEntry> files = results.allEvents().fileEntryPublished().stream()
                .map(e -> e.getPayload(FileEntry.class).orElseThrow()).toList();
        assertThat(files).extracting(f -> f.getPath().getFileName().toString())
                .contains("nemesis-timeline.txt", "nemesis-timeline.svg");
        Path svg = files.stream().filter(f -> f.getPath().toString().endsWith(".svg")).findFirst().orElseThrow()
                .getPath();
        // the picture is well-formed SVG with one bar for the one fault
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(1);
        assertThat(Files.readString(files.stream().filter(f -> f.getPath().toString().endsWith(".txt")).findFirst()
                .orElseThrow().getPath(), StandardCharsets.UTF_8)).contains("partition [b] | [a]");
    }
}
