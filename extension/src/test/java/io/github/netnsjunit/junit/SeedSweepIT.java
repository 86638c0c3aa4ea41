package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link SeedSweep} (issue 20 item 5): a method and a class run once per seed, each in a topology of its own, with
 * the seed in the display name and in the failure message; {@code netns.junit.seed} replays one seed. Run through the
 * EngineTestKit; the namespaces are read from the kernel ({@code /proc/thread-self/ns/net} of the test's thread).
 */
class SeedSweepIT {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @KitFixture
    @NetNamespace("a")
    static class MethodSweepTestCase {
        @SeedSweep(seeds = {7, 42})
        @InNamespace("a")
        void sweptMethod(TestSeed seed) {
            SEEN.add(seed + " in " + Kernel.currentThreadNamespace());
            assertThat(seed.value()).as("the seed").isNotEqualTo(42);
        }
    }

    @Test
    void aMethodRunsOncePerSeedEachInItsOwnTopologyAndAFailureNamesItsSeed() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(MethodSweepTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test(), displayName("[1] seed 7"), finishedSuccessfully()))
                .haveExactly(1, event(test(), displayName("[2] seed 42"), finishedWithFailure(message(
                        "seed 42: [the seed] \nExpecting actual:\n  42L\nnot to be equal to:\n  42L\n\n"
                                + "(replay this seed alone with -Dnetns.junit.seed=42)"))));
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).startsWith("seed 7 in net:[");
        assertThat(SEEN.get(1)).startsWith("seed 42 in net:[");
        assertThat(SEEN.get(0).substring(10)).as("a topology per seed").isNotEqualTo(SEEN.get(1).substring(11));
    }

    @Test
    void oneSeedIsReplayedByTheConfigurationKey() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(MethodSweepTestCase.class, Map.of(NetnsConfig.SEED, "7"));
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(results.testEvents().started().stream().map(Event::getTestDescriptor)
                .map(d -> d.getDisplayName())).containsExactly("[1] seed 7");
        assertThat(Kit.run(MethodSweepTestCase.class, Map.of(NetnsConfig.SEED, "x7")).containerEvents().failed()
                .stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().orElseThrow().getMessage()))
                .containsExactly("netns.junit.seed=x7 is not a seed: give the number a failure named, e.g. "
                        + "-Dnetns.junit.seed=42.");
    }

    @KitFixture
    @NetNamespace("b")
    @SeedSweep(seeds = {1, 2})
    static class ClassSweepTestCase {
        private final TestSeed seed;

        ClassSweepTestCase(TestSeed seed) {
            this.seed = seed;
        }

        @Test
        void first(@Ns("b") NetNs b) {
            SEEN.add("first " + seed + " " + b.name());
        }

        @Test
        void second() {
            SEEN.add("second " + seed);
        }
    }

    @Test
    void aClassRunsWholeOncePerSeed() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(ClassSweepTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        assertThat(results.containerEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .contains("[1] seed 1", "[2] seed 2");
        // the whole class under seed 1, then under seed 2 (methods in JUnit's order within each)
        assertThat(SEEN.subList(0, 2)).containsExactlyInAnyOrder("first seed 1 b", "second seed 1");
        assertThat(SEEN.subList(2, 4)).containsExactlyInAnyOrder("first seed 2 b", "second seed 2");
    }

    @KitFixture
    static class FreshSeedsTestCase {
        @SeedSweep(count = 3)
        void swept(TestSeed seed) {
            SEEN.add(seed.toString());
        }
    }

    @Test
    void withoutFixedSeedsEachRunDrawsFreshOnes() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(FreshSeedsTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        List<String> names = results.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName())
                .toList();
        assertThat(names).hasSize(3).allMatch(n -> n.matches("\\[[123]\\] seed -?\\d+"));
        assertThat(SEEN).doesNotHaveDuplicates()
                .containsExactlyElementsOf(names.stream().map(n -> n.substring(4)).toList());
    }
}
