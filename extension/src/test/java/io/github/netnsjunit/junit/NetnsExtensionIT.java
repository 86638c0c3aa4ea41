package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.annotation.ElementType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

/**
 * The extension's behaviour, seen from JUnit: each test runs a fixture ({@code *TestCase}) through the engine and
 * checks the reported events, and checks the kernel with {@code ip}/{@code nsenter}/{@code /proc}, never through the
 * extension itself.
 */
class NetnsExtensionIT {

    /** Namespace inodes recorded by fixtures while their topology was alive. */
    static final List<String> SEEN_NAMESPACES = new CopyOnWriteArrayList<>();
    /** Free-form observations of fixtures, by key. */
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @BeforeEach
    void reset() {
        SEEN_NAMESPACES.clear();
        SEEN.clear();
    }

    private static void assertNamespacesGone() {
        assertThat(SEEN_NAMESPACES).isNotEmpty();
        Set<String> live = Kernel.jvmNamespaces();
        assertThat(live).doesNotContainAnyElementsOf(SEEN_NAMESPACES);
        // (not machine-wide: the kernel reuses inode numbers, and other processes make namespaces all the time)
    }

    private static void assertNoPinnedThreads() {
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("netns-"));
        assertThat(Kernel.taskNames()).noneMatch(n -> n.startsWith("netns-"));
    }

    /**
     * For tests whose body the extension gave up on (it reported the pinned thread that "did not end within 1 s")
     * and that the test itself releases afterwards: the released thread needs a moment to finish its body and exit,
     * so wait for it (bounded), then require that nothing is left. Asserting at once raced with that exit under load.
     */
    private static void awaitNoPinnedThreadsAfterRelease() {
        Kernel.await(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("netns-"))
                && Kernel.taskNames().stream().noneMatch(n -> n.startsWith("netns-")), 10_000);
        assertNoPinnedThreads();
    }

    private static Throwable failureOf(EngineExecutionResults results, String method) {
        Event finished = results.testEvents().finished().filter(e -> e.getTestDescriptor().getDisplayName()
                .startsWith(method + "(")).findFirst().orElseThrow();
        return finished.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }

    private static Condition<Throwable> exactly(Class<? extends Throwable> type) {
        return new Condition<>(t -> t.getClass() == type, "exactly " + type.getName());
    }

    // ------------------------------------------------------------------ passing body

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "10.10.0.1/24",
            peer = "veth1", peerNamespace = "ns1", peerAddress = "10.10.0.2/24")
    static class PassingTestCase {
        @Test
        @InNamespace("ns0")
        void pings(NetNs self, @Ns("ns1") NetNs ns1) {
            SEEN_NAMESPACES.add(Kernel.inode(self.path()));
            SEEN_NAMESPACES.add(Kernel.inode(ns1.path()));
            SEEN.put("ns0", Kernel.addrShape(self.path()));
            SEEN.put("ns1", Kernel.addrShape(ns1.path()));
            // the oracle's own ping, from ns0 with nsenter
            SEEN.put("ping", Kernel.nsenter(self.path(), "ping", "-c", "1", "-W", "2", "10.10.0.2"));
            assertThat(self.ping("10.10.0.2", 1, Duration.ofSeconds(2)).received()).isEqualTo(1);
        }
    }

    @Test
    void passingBodyPassesAndTheKernelHadTheTopology() {
        Kit.run(PassingTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        assertThat(list("ns0")).containsExactly(
                "lo <LOOPBACK,UP,LOWER_UP> mtu 65536 inet 127.0.0.1/8 inet6 ::1/128",
                "veth0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 inet 10.10.0.1/24");
        assertThat(list("ns1")).containsExactly(
                "lo <LOOPBACK,UP,LOWER_UP> mtu 65536 inet 127.0.0.1/8 inet6 ::1/128",
                "veth1 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 inet 10.10.0.2/24");
        assertThat((String) SEEN.get("ping")).contains("1 received");
        assertNamespacesGone();
        assertNoPinnedThreads();
    }

    // ------------------------------------------------------------------ failing and erroring bodies

    @KitFixture
    @NetNamespace("ns0")
    static class FailingTestCase {
        static final AssertionFailedError FAILURE = new AssertionFailedError("expected: <1> but was: <2>", 1, 2);
        static final IOException ERROR = new IOException("connection refused by 10.0.0.9:80");

        @Test
        @InNamespace("ns0")
        void fails(NetNs ns) throws IOException {
            recordAndMark(ns);
            throw FAILURE;
        }

        @Test
        @InNamespace("ns0")
        void errors(NetNs ns) throws IOException {
            recordAndMark(ns);
            throw ERROR;
        }

        /**
         * Records the namespace, and whether it is a fresh one: it leaves a mark (a namespaced sysctl, written
         * through /proc from this thread, i.e. in ns0) that the next test would find if it got the same namespace.
         * Inode numbers cannot tell: the kernel reuses the number of a namespace it has freed.
         */
        static void recordAndMark(NetNs ns) throws IOException {
            SEEN_NAMESPACES.add(Kernel.inode(ns.path()));
            java.nio.file.Path ttl = java.nio.file.Path.of("/proc/sys/net/ipv4/ip_default_ttl");
            SEEN.merge("ttls", Kernel.hostSysctl("net.ipv4.ip_default_ttl"), (a, b) -> a + "," + b);
            java.nio.file.Files.writeString(ttl, "77");
        }
    }

    @Test
    void failuresAndCheckedExceptionsReachJUnitUnchangedAndTheTopologyIsStillRemoved() {
        EngineExecutionResults results = Kit.run(FailingTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(0).failed(2));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("fails"), finishedWithFailure(instanceOf(AssertionFailedError.class),
                        message("expected: <1> but was: <2>"))))
                .haveExactly(1, event(test("errors"), finishedWithFailure(instanceOf(IOException.class),
                        message("connection refused by 10.0.0.9:80"))));
        // the very same objects, not wrapped or copied
        assertThat(failureOf(results, "fails")).isSameAs(FailingTestCase.FAILURE).has(exactly(AssertionFailedError.class));
        assertThat(failureOf(results, "errors")).isSameAs(FailingTestCase.ERROR).has(exactly(IOException.class));
        // each test had a namespace of its own, fresh: neither found the other's mark
        assertThat(SEEN_NAMESPACES).hasSize(2);
        assertThat(SEEN.get("ttls")).isEqualTo("64,64");
        assertNamespacesGone();
        assertNoPinnedThreads();
    }

    // ------------------------------------------------------------------ where code runs

    @KitFixture
    @NetNamespace("ns0")
    static class WhereCodeRunsTestCase {
        static void record(String key, NetNs ns) {
            SEEN.put(key + ".thread", Thread.currentThread());
            SEEN.put(key + ".netns", Kernel.currentThreadNamespace());
            SEEN.put(key + ".target", Kernel.inode(ns.path()));
        }

        @BeforeEach
        @InNamespace("ns0")
        void beforeInside(@Ns("ns0") NetNs ns) {
            record("before", ns);
        }

        @AfterEach
        @InNamespace("ns0")
        void afterInside(@Ns("ns0") NetNs ns) {
            record("after", ns);
        }

        @Test
        @InNamespace("ns0")
        void inside(@Ns("ns0") NetNs ns) {
            record("inside", ns);
            SEEN_NAMESPACES.add(Kernel.inode(ns.path()));
        }

        @Test
        void outside(@Ns("ns0") NetNs ns) {
            record("outside", ns);
        }
    }

    @Test
    void bodiesAndAnnotatedLifecycleMethodsRunInsideTheNamespaceOthersOnJUnitsThreadInTheHost() {
        Thread junit = Thread.currentThread();
        String host = Kernel.currentThreadNamespace();
        Kit.run(WhereCodeRunsTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(SEEN.get("inside.netns")).isEqualTo(SEEN.get("inside.target")).isNotEqualTo(host);
        assertThat(((Thread) SEEN.get("inside.thread")).getName()).isEqualTo("netns-ns0");
        assertThat((Thread) SEEN.get("inside.thread")).isNotSameAs(junit).matches(t -> !t.isAlive(), "ended");
        // @BeforeEach/@AfterEach of the last test; both ran inside its namespace, on its pinned thread
        for (String phase : List.of("before", "after")) {
            assertThat(SEEN.get(phase + ".netns")).as(phase).isEqualTo(SEEN.get(phase + ".target")).isNotEqualTo(host);
            assertThat(((Thread) SEEN.get(phase + ".thread")).getName()).as(phase).isEqualTo("netns-ns0");
        }
        assertThat(SEEN.get("outside.thread")).isSameAs(junit);
        assertThat(SEEN.get("outside.netns")).isEqualTo(host).isNotEqualTo(SEEN.get("outside.target"));
        assertNamespacesGone();
        assertNoPinnedThreads();
    }

    // ------------------------------------------------------------------ @Timeout

    @KitFixture
    @NetNamespace("ns0")
    static class TimeoutTestCase {
        @Test
        @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
        @InNamespace("ns0")
        void stuck(NetNs ns) throws InterruptedException {
            SEEN_NAMESPACES.add(Kernel.inode(ns.path()));
            Thread.sleep(30_000);
        }
    }

    @Test
    void timeoutEndsABodyStuckInTheNamespaceAndReportsThePinnedThreadsStack() {
        long start = System.nanoTime();
        EngineExecutionResults results = Kit.run(TimeoutTestCase.class);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        results.testEvents().assertThatEvents().haveExactly(1, event(test("stuck"),
                finishedWithFailure(instanceOf(TimeoutException.class),
                        message("stuck(io.github.netnsjunit.junit.NetNs) timed out after 300 milliseconds"))));
        // a smoke limit only (the body sleeps 30 s; the timeout is 300 ms): generous for a loaded machine
        assertThat(millis).isLessThan(10_000);
        List<Throwable> all = new ArrayList<>();
        collect(failureOf(results, "stuck"), all);
        Throwable stack = all.stream().filter(t -> String.valueOf(t.getMessage()).startsWith("stack of netns-ns0"))
                .findFirst().orElseThrow(() -> new AssertionError("no stack of the pinned thread in " + all + ": "
                        + all.stream().map(t -> t + " at " + java.util.Arrays.toString(t.getStackTrace())).toList()));
        assertThat(stack.getMessage()).isEqualTo("stack of netns-ns0 when its caller was interrupted");
        assertThat(stack.getStackTrace()).anyMatch(f -> f.getMethodName().equals("stuck")
                && f.getClassName().equals(TimeoutTestCase.class.getName()));
        assertNamespacesGone();
        assertNoPinnedThreads();
    }

    @KitFixture
    @NetNamespace("ns0")
    static class TimeoutMarginTestCase {
        static volatile java.net.ServerSocket stuckIn;

        @Test
        @Timeout(2)
        @InNamespace("ns0")
        void interruptible() throws InterruptedException {
            Thread.sleep(30_000);
        }

        @Test
        @Timeout(2)
        @InNamespace("ns0")
        void deafToInterrupts() throws IOException {
            // a blocking accept() of java.net ignores Thread.interrupt(): only closing the socket ends it
            stuckIn = new java.net.ServerSocket(0);
            stuckIn.accept();
        }
    }

    /**
     * A {@code @Timeout(2)} test ends within 2 s plus the documented teardown margin: the pinned thread is interrupted
     * at once, and teardown waits at most 1 s for a body that ignores the interrupt before it goes on without it.
     */
    @Test
    void aTimedOutTestEndsWithinItsTimeoutPlusTheTeardownMargin() throws Exception {
        EngineExecutionResults results;
        try {
            results = Kit.run(TimeoutMarginTestCase.class);
        } finally {
            if (TimeoutMarginTestCase.stuckIn != null) {
                TimeoutMarginTestCase.stuckIn.close(); // lets the deaf body end, and its namespace go
            }
        }
        for (String name : List.of("interruptible", "deafToInterrupts")) {
            List<Event> events = results.testEvents().filter(e -> e.getTestDescriptor().getDisplayName()
                    .startsWith(name)).toList();
            long millis = Duration.between(events.get(0).getTimestamp(), events.get(events.size() - 1).getTimestamp())
                    .toMillis();
            System.out.println("[timeout margin] " + name + ": " + millis + " ms from start to finish");
            assertThat(millis).as(name).isGreaterThanOrEqualTo(2000)
                    .isLessThan(2000 + (name.equals("interruptible") ? 1000 : 2500));
        }
        results.testEvents().assertThatEvents().haveExactly(1, event(test("interruptible"),
                finishedWithFailure(instanceOf(TimeoutException.class))));
        Throwable deaf = failureOf(results, "deafToInterrupts");
        assertThat(deaf).isInstanceOf(TimeoutException.class);
        List<Throwable> all = new ArrayList<>();
        collect(deaf, all);
        assertThat(all).map(Throwable::getMessage)
                .anyMatch(m -> m != null && m.contains("thread netns-ns0 of netns ns0 did not end within 1 s"));
        awaitNoPinnedThreadsAfterRelease();
    }

    static void collect(Throwable t, List<Throwable> into) {
        if (t == null || into.contains(t)) {
            return;
        }
        into.add(t);
        collect(t.getCause(), into);
        for (Throwable s : t.getSuppressed()) {
            collect(s, into);
        }
    }

    // ------------------------------------------------------------------ setup failing half-way

    @KitFixture
    @NetNamespace("ns0")
    @VethPair(name = "nsjt-hw0", namespace = "host", address = "10.99.71.1/24", peer = "hw0", peerNamespace = "ns0",
            peerAddress = "10.99.71.2/24")
    // the address above already made this connected route: the kernel refuses a second one
    @Route(namespace = "host", to = "10.99.71.0/24", dev = "nsjt-hw0")
    static class HalfWayTestCase {
        @Test
        void neverRuns() {
            SEEN.put("ran", true);
        }
    }

    @Test
    void setupFailingHalfWayReportsTheKernelsErrorAndRemovesWhatWasBuilt() {
        Set<String> linksBefore = Kernel.hostLinkNames();
        Set<String> namespacesBefore = Kernel.jvmNamespaces();
        EngineExecutionResults results = Kit.run(HalfWayTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = failureOf(results, "neverRuns");
        assertThat(failure).hasMessageContaining("EEXIST").hasMessageContaining("10.99.71.0/24");
        System.out.println("[half-way] " + failure);
        assertThat(SEEN).doesNotContainKey("ran");
        // other test runs may add links to this host meanwhile: ours are gone, and none that was there was touched
        // links of other test runs on this machine come and go: check the ones no test may touch
        assertThat(Kernel.hostLinkNames()).containsAll(Kernel.physical(linksBefore));
        assertThat(Kernel.ourHostLinks()).isEmpty();
        assertThat(Kernel.run("ip", "-j", "route")).doesNotContain("10.99.71.");
        assertThat(Kernel.jvmNamespaces()).isEqualTo(namespacesBefore);
        assertNoPinnedThreads();
    }

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace(value = "ns1", sysctl = "net.ipv4.ip_forward=abc")
    @VethPair(name = "nsjt-hw1", namespace = "host", peer = "hw1", peerNamespace = "ns1")
    static class RejectedSysctlTestCase {
        @Test
        void neverRuns() {
            SEEN.put("ran", true);
        }
    }

    @Test
    void aSysctlValueTheKernelRejectsFailsSetupAfterLinksExistAndEverythingIsRemoved() {
        // (an unknown key is caught by the validator before anything exists; a value only the kernel can judge)
        Set<String> linksBefore = Kernel.hostLinkNames();
        Set<String> namespacesBefore = Kernel.jvmNamespaces();
        EngineExecutionResults results = Kit.run(RejectedSysctlTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = failureOf(results, "neverRuns");
        System.out.println("[rejected sysctl] " + failure);
        assertThat(failure).hasMessageContaining("net.ipv4.ip_forward=abc").hasMessageContaining("EINVAL");
        assertThat(SEEN).doesNotContainKey("ran");
        // links of other test runs on this machine come and go: check the ones no test may touch
        assertThat(Kernel.hostLinkNames()).containsAll(Kernel.physical(linksBefore));
        assertThat(Kernel.ourHostLinks()).isEmpty();
        assertThat(Kernel.jvmNamespaces()).isEqualTo(namespacesBefore);
        assertNoPinnedThreads();
    }

    // ------------------------------------------------------------------ aggregated teardown failures

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    static class TeardownFailuresTestCase {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static final List<Thread> STRAYS = new CopyOnWriteArrayList<>();

        @Test
        void leavesTwoProblems(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1) throws Exception {
            SEEN_NAMESPACES.add(Kernel.inode(ns0.path()));
            SEEN_NAMESPACES.add(Kernel.inode(ns1.path()));
            // 1. ns0's pinned thread is kept busy, deaf to interrupts, past the end of the test
            CountDownLatch busy = new CountDownLatch(1);
            Thread caller = new Thread(() -> {
                try {
                    ns0.run(() -> {
                        busy.countDown();
                        boolean released = false;
                        while (!released) {
                            try {
                                released = RELEASE.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException ignored) {
                                // deaf on purpose
                            }
                        }
                    });
                } catch (Exception ignored) {
                    // released
                }
            }, "teardown-test-caller");
            caller.start();
            STRAYS.add(caller);
            busy.await();
            // 2. a thread started inside ns1 that outlives the test
            ns1.run(() -> {
                Thread stray = new Thread(() -> {
                    try {
                        RELEASE.await();
                    } catch (InterruptedException ignored) {
                        // ends
                    }
                }, "stray-in-ns1");
                stray.start();
                STRAYS.add(stray);
            });
        }
    }

    @Test
    void everyTeardownProblemIsReportedTogether() throws Exception {
        EngineExecutionResults results;
        try {
            results = Kit.run(TeardownFailuresTestCase.class);
        } finally {
            TeardownFailuresTestCase.RELEASE.countDown();
            for (Thread t : TeardownFailuresTestCase.STRAYS) {
                t.join(5000);
            }
        }
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        // JUnit closes the test's resources and reports what closing threw as the cause of its own exception
        Throwable closing = failureOf(results, "leavesTwoProblems");
        assertThat(closing).isInstanceOf(org.junit.platform.commons.JUnitException.class)
                .hasMessage("Failed to close extension context");
        Throwable failure = closing.getCause();
        System.out.println("[teardown] " + failure.getMessage());
        assertThat(failure).isExactlyInstanceOf(TeardownException.class);
        assertThat(failure.getMessage()).startsWith("Teardown of the network topology failed (2 problems):\n"
                + "  - thread netns-ns0 of netns ns0 did not end within 1 s; it keeps the namespace alive\n"
                + "  - threads 'netns-ns0' (tid ");
        assertThat(failure.getMessage()).containsPattern("'stray-in-ns1' \\(tid \\d+\\) in netns ns1");
        assertThat(failure.getSuppressed()).hasSize(2);
        // once released, nothing is left
        assertThat(Kernel.await(() -> Kernel.jvmNamespaces().stream().noneMatch(SEEN_NAMESPACES::contains), 5000))
                .isNotNegative();
        assertNamespacesGone();
        awaitNoPinnedThreadsAfterRelease();
    }

    // ------------------------------------------------------------------ @Nested

    @KitFixture
    @NetNamespace("outer")
    static class NestingTestCase {
        @Test
        void outerOnly(Topology topology) {
            SEEN.put("outer.names", topology.namespaces().stream().map(NetNs::name).toList());
            SEEN.put("outer.shape", Kernel.addrShape(topology.namespace("outer").path()));
            SEEN_NAMESPACES.add(Kernel.inode(topology.namespace("outer").path()));
        }

        @Nested
        @NetNamespace("inner")
        @VethPair(name = "o0", namespace = "outer", address = "10.20.0.1/30", peer = "i0", peerNamespace = "inner",
                peerAddress = "10.20.0.2/30")
        class Inner {
            @Test
            @InNamespace("inner")
            void both(Topology topology) {
                SEEN.put("inner.names", topology.namespaces().stream().map(NetNs::name).toList());
                SEEN.put("inner.outer", Kernel.addrShape(topology.namespace("outer").path()));
                SEEN.put("inner.inner", Kernel.addrShape(topology.namespace("inner").path()));
                SEEN.put("inner.ping", Kernel.nsenter(topology.namespace("inner").path(),
                        "ping", "-c", "1", "-W", "2", "10.20.0.1"));
                topology.namespaces().forEach(n -> SEEN_NAMESPACES.add(Kernel.inode(n.path())));
            }
        }
    }

    @Test
    void nestedClassesInheritTheEnclosingTopologyAndAddTheirOwn() {
        Kit.run(NestingTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(list("outer.names")).containsExactly("outer");
        assertThat(list("outer.shape")).containsExactly(
                "lo <LOOPBACK,UP,LOWER_UP> mtu 65536 inet 127.0.0.1/8 inet6 ::1/128");
        assertThat(list("inner.names")).containsExactly("outer", "inner");
        assertThat(list("inner.outer")).contains(
                "o0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 inet 10.20.0.1/30");
        assertThat(list("inner.inner")).contains(
                "i0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 inet 10.20.0.2/30");
        assertThat((String) SEEN.get("inner.ping")).contains("1 received");
        assertNamespacesGone();
    }

    // ------------------------------------------------------------------ meta-annotations

    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @NetNamespace("docker")
    @NetNamespace("c1")
    @NetNamespace("c2")
    @Bridge(name = "docker0", namespace = "docker", address = "172.30.0.1/16")
    @VethPair(name = "veth-c1", namespace = "docker", master = "docker0", peer = "eth0", peerNamespace = "c1",
            peerAddress = "172.30.0.2/16")
    @VethPair(name = "veth-c2", namespace = "docker", master = "docker0", peer = "eth0", peerNamespace = "c2",
            peerAddress = "172.30.0.3/16")
    @interface DockerLikeBridge {
    }

    @KitFixture
    @DockerLikeBridge
    static class MetaAnnotatedTestCase {
        @Test
        void containersReachEachOther(Topology topology) {
            topology.namespaces().forEach(n -> SEEN_NAMESPACES.add(Kernel.inode(n.path())));
            SEEN.put("docker", Kernel.addrShape(topology.namespace("docker").path()));
            SEEN.put("ping", Kernel.nsenter(topology.namespace("c1").path(), "ping", "-c", "1", "-W", "2",
                    "172.30.0.3"));
        }
    }

    @Test
    void metaAnnotationsCompose() {
        Kit.run(MetaAnnotatedTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(list("docker")).containsExactly(
                "lo <LOOPBACK,UP,LOWER_UP> mtu 65536 inet 127.0.0.1/8 inet6 ::1/128",
                "docker0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 inet 172.30.0.1/16",
                "veth-c1 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master docker0",
                "veth-c2 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master docker0");
        assertThat((String) SEEN.get("ping")).contains("1 received");
        assertThat(SEEN_NAMESPACES).hasSize(3);
        assertNamespacesGone();
    }

    // ------------------------------------------------------------------ builder = annotations; class + method add up

    @KitFixture
    @NetNamespace("gw")
    @NetNamespace(value = "lan", loopback = false)
    @Bridge(name = "br0", namespace = "gw", address = "192.168.77.1/24")
    @VethPair(name = "lan0", namespace = "gw", master = "br0", peer = "eth0", peerNamespace = "lan",
            peerAddress = {"192.168.77.10/24", "fd77::10/64"}, mtu = 1400)
    @Route(namespace = "lan", via = "192.168.77.1")
    static class AnnotatedTopologyTestCase {
        @Test
        void record(Topology topology) {
            recordShapes("annotated", topology);
        }
    }

    @KitFixture
    static class ProgrammaticTopologyTestCase {
        @RegisterExtension
        static NetnsExtension net = NetnsExtension.withTopology(NetworkTopology.builder()
                .namespace("gw")
                .namespace("lan", n -> n.loopback(false))
                .bridge("br0", "gw", "192.168.77.1/24")
                .veth("lan0", "gw", "eth0", "lan", v -> v.master("br0").peerAddress("192.168.77.10/24", "fd77::10/64")
                        .mtu(1400))
                .route("lan", "default", "192.168.77.1")
                .build());

        @Test
        void record(Topology topology) {
            recordShapes("programmatic", topology);
        }
    }

    @KitFixture
    @NetNamespace("gw")
    @NetNamespace(value = "lan", loopback = false)
    @Bridge(name = "br0", namespace = "gw", address = "192.168.77.1/24")
    static class ClassPlusMethodTestCase {
        @Test
        @VethPair(name = "lan0", namespace = "gw", master = "br0", peer = "eth0", peerNamespace = "lan",
                peerAddress = {"192.168.77.10/24", "fd77::10/64"}, mtu = 1400)
        @Route(namespace = "lan", via = "192.168.77.1")
        void record(Topology topology) {
            recordShapes("split", topology);
        }

        @Test
        void classOnly(Topology topology) {
            SEEN.put("classOnly", topology.namespaces().stream()
                    .map(n -> n.name() + "=" + Kernel.addrShape(n.path())).toList());
        }
    }

    static void recordShapes(String key, Topology topology) {
        List<String> shape = new ArrayList<>();
        for (NetNs ns : topology.namespaces()) {
            SEEN_NAMESPACES.add(Kernel.inode(ns.path()));
            shape.add(ns.name() + ": " + Kernel.addrShape(ns.path()));
            shape.add(ns.name() + " routes: " + Kernel.nsenter(ns.path(), "ip", "route").strip());
            shape.add(ns.name() + " routes6: " + Kernel.nsenter(ns.path(), "ip", "-6", "route").strip()
                    .replaceAll(" pref medium", "").lines().sorted().toList());
        }
        shape.add("ping: " + Kernel.nsenter(topology.namespace("lan").path(), "ping", "-c", "1", "-W", "2",
                "192.168.77.1").contains("1 received"));
        SEEN.put(key, shape);
    }

    @Test
    void theBuilderAndTheAnnotationsAndClassPlusMethodDeclarationsBuildTheSameKernelState() {
        Kit.run(AnnotatedTopologyTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Kit.run(ProgrammaticTopologyTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Kit.run(ClassPlusMethodTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        @SuppressWarnings("unchecked")
        List<String> annotated = (List<String>) SEEN.get("annotated");
        System.out.println("[shape] " + String.join("\n[shape] ", annotated));
        assertThat(annotated).contains(
                "gw: [lo <LOOPBACK,UP,LOWER_UP> mtu 65536 inet 127.0.0.1/8 inet6 ::1/128,"
                        + " br0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 inet 192.168.77.1/24,"
                        + " lan0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 master br0]",
                "lan: [lo <LOOPBACK> mtu 65536,"
                        + " eth0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 inet 192.168.77.10/24 inet6 fd77::10/64]",
                "ping: true");
        assertThat(SEEN.get("programmatic")).isEqualTo(annotated);
        assertThat(SEEN.get("split")).isEqualTo(annotated);
        // a bridge without ports: carrier depends on when the kernel looked
        assertThat(list("classOnly")).hasSize(2);
        assertThat(list("classOnly").get(0)).matches("\\Qgw=[lo <LOOPBACK,UP,LOWER_UP> mtu 65536 inet 127.0.0.1/8"
                + " inet6 ::1/128, br0 <\\E(NO-CARRIER,)?BROADCAST,MULTICAST,UP(,LOWER_UP)?> mtu 1500 inet 192.168.77.1/24]");
        assertThat(list("classOnly").get(1)).isEqualTo("lan=[lo <LOOPBACK> mtu 65536]");
        assertNamespacesGone();
    }

    // ------------------------------------------------------------------ parameters

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    static class ParametersTestCase {
        @Test
        @InNamespace("ns1")
        void injected(Topology topology, @Ns("ns0") NetNs ns0, NetNs current) {
            SEEN.put("names", List.of(ns0.name(), current.name()));
            SEEN.put("ns0", Kernel.inode(ns0.path()));
            SEEN.put("current", Kernel.inode(current.path()));
            SEEN.put("here", Kernel.currentThreadNamespace());
            SEEN.put("topology.ns0", Kernel.inode(topology.namespace("ns0").path()));
        }

        @Test
        void unnamed(NetNs ns) {
            SEEN.put("unnamed ran", true);
        }
    }

    @Test
    void topologyAndNamespacesAreInjectedAndAnUnnamedNetNsIsRejectedBeforeAnythingIsBuilt() {
        EngineExecutionResults results = Kit.run(ParametersTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("unnamed"),
                finishedWithFailure(instanceOf(TopologyDeclarationException.class),
                        message("Invalid network topology declared for class " + ParametersTestCase.class.getName()
                                + " (1 problem):\n  - parameter #1 (NetNs) of method ParametersTestCase.unnamed(NetNs)"
                                + " is a NetNs but names no namespace: annotate it with @Ns(\"name\"), or run the test"
                                + " in one with @InNamespace(\"name\")."))));
        assertThat(SEEN).doesNotContainKey("unnamed ran");
        assertThat(SEEN.get("names")).isEqualTo(List.of("ns0", "ns1"));
        assertThat(SEEN.get("current")).isEqualTo(SEEN.get("here")).isNotEqualTo(SEEN.get("ns0"));
        assertThat(SEEN.get("topology.ns0")).isEqualTo(SEEN.get("ns0"));
    }

    @KitFixture
    static class NoTopologyTestCase {
        @Test
        void wantsOne(Topology topology) {
        }
    }

    @Test
    void aTopologyParameterWithoutAnyNamespaceIsAnError() {
        Kit.run(NoTopologyTestCase.class).testEvents().assertThatEvents().haveExactly(1, event(test("wantsOne"),
                finishedWithFailure(instanceOf(ParameterResolutionException.class))));
    }

    @SuppressWarnings("unchecked")
    static List<String> list(String key) {
        return (List<String>) SEEN.get(key);
    }
}
