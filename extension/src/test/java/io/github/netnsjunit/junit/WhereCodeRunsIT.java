package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Where user code really runs, read from {@code /proc/thread-self/ns/net} inside the code itself and compared with
 * the inode of the namespace's handle ({@code readlink} of {@link NetNs#path()}): every way JUnit runs code — test,
 * template invocation, factory, dynamic test, each lifecycle method, threads started there — either runs in the
 * namespace its {@link InNamespace} names, or is refused before it runs, with a message that says how to fix it.
 */
class WhereCodeRunsIT {
    /** What each piece of code saw: "where" → its thread's namespace, "expected" → the namespace's inode. */
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();
    static final List<String> ORDER = java.util.Collections.synchronizedList(new ArrayList<>());

    static void record(String key, NetNs ns) {
        SEEN.put(key + ".where", Kernel.currentThreadNamespace());
        SEEN.put(key + ".expected", Kernel.inode(ns.path()));
        SEEN.put(key + ".thread", Thread.currentThread().getName());
        ORDER.add(key);
    }

    static void assertRanIn(String key) {
        assertThat(SEEN).as(key + " ran").containsKey(key + ".where");
        assertThat(SEEN.get(key + ".where")).as(key).isEqualTo(SEEN.get(key + ".expected"))
                .isNotEqualTo(Kernel.currentThreadNamespace());
    }

    @BeforeEach
    void reset() {
        SEEN.clear();
        ORDER.clear();
    }

    // ------------------------------------------------------------------ factories and dynamic tests

    @KitFixture
    @NetNamespace("ns1")
    static class FactoryTestCase {
        @TestFactory
        @InNamespace("ns1")
        Stream<DynamicTest> factory(NetNs ns1) {
            record("factory", ns1);
            return IntStream.range(0, 3).mapToObj(i -> DynamicTest.dynamicTest("dynamic " + i,
                    () -> record("dynamic" + i, ns1)));
        }
    }

    @Test
    void aFactoryAndEveryDynamicTestItReturnsRunInTheNamespace() {
        Kit.run(FactoryTestCase.class).testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        assertRanIn("factory");
        for (int i = 0; i < 3; i++) {
            assertRanIn("dynamic" + i);
            assertThat(SEEN.get("dynamic" + i + ".expected")).isEqualTo(SEEN.get("factory.expected"));
        }
        assertThat(SEEN.get("dynamic0.thread")).isEqualTo("netns-ns1");
    }

    // ------------------------------------------------------------------ templates

    @KitFixture
    @NetNamespace("ns1")
    static class TemplatesTestCase {
        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        @InNamespace("ns1")
        void parameterized(int n, @Ns("ns1") NetNs ns1) {
            record("parameterized" + n, ns1);
        }

        @RepeatedTest(2)
        @InNamespace("ns1")
        void repeated(org.junit.jupiter.api.RepetitionInfo info, @Ns("ns1") NetNs ns1) {
            record("repeated" + info.getCurrentRepetition(), ns1);
        }
    }

    @Test
    void everyInvocationOfATemplateRunsInAFreshNamespaceOfItsOwn() {
        Kit.run(TemplatesTestCase.class).testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        for (String key : List.of("parameterized1", "parameterized2", "repeated1", "repeated2")) {
            assertRanIn(key);
        }
        assertThat(SEEN.get("parameterized1.expected")).isNotEqualTo(SEEN.get("parameterized2.expected"));
        assertThat(SEEN.get("repeated1.expected")).isNotEqualTo(SEEN.get("repeated2.expected"));
    }

    // ------------------------------------------------------------------ class-level @InNamespace

    @KitFixture
    @NetNamespace("ns0")
    @InNamespace("ns0")
    static class ClassLevelTestCase {
        @BeforeEach
        void before(NetNs ns0) {
            record("before", ns0);
        }

        @Test
        void body(NetNs ns0) throws InterruptedException {
            record("body", ns0);
            // a thread started here starts in the namespace of the thread that starts it
            Thread child = new Thread(() -> record("child", ns0), "child-of-body");
            child.start();
            child.join();
        }

        @Test
        @InNamespace("host")
        void onJUnitsThread(@Ns("ns0") NetNs ns0) {
            SEEN.put("host.where", Kernel.currentThreadNamespace());
            SEEN.put("host.thread", Thread.currentThread().getName());
        }

        @AfterEach
        void after(NetNs ns0) {
            record("after", ns0);
        }
    }

    @Test
    void aClassLevelInNamespaceCoversBeforeEachAfterEachAndThreadsStartedThereAndHostOptsOut() {
        String host = Kernel.currentThreadNamespace();
        Kit.run(ClassLevelTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertRanIn("body");
        assertRanIn("child");
        assertThat(SEEN.get("child.expected")).isEqualTo(SEEN.get("body.expected"));
        // before/after: of whichever test ran last; each ran inside that test's namespace
        assertRanIn("before");
        assertRanIn("after");
        assertThat(SEEN.get("host.where")).isEqualTo(host);
        assertThat(SEEN.get("host.thread")).doesNotStartWith("netns-");
    }

    // ------------------------------------------------------------------ @BeforeAll / @AfterAll, shared topology

    static final int PORT = 47321;

    @KitFixture
    @SharedTopology
    @NetNamespace("srv")
    @NetNamespace("cli")
    @VethPair(name = "vs", namespace = "srv", address = "10.41.0.1/24", peer = "vc", peerNamespace = "cli",
            peerAddress = "10.41.0.2/24")
    static class ServerOncePerClassTestCase {
        static ServerSocket server;
        static Thread acceptor;

        @BeforeAll
        @InNamespace("srv")
        static void startServer(NetNs srv) throws IOException {
            record("beforeAll", srv);
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName("10.41.0.1"), PORT));
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        try (Socket s = server.accept()) {
                            s.getOutputStream().write('k');
                        }
                    }
                } catch (IOException closed) {
                    // the server was closed in @AfterAll
                }
            }, "acceptor");
            acceptor.start();
        }

        @Test
        @InNamespace("cli")
        void first(NetNs cli) throws IOException {
            record("first", cli);
            connect();
        }

        @Test
        @InNamespace("cli")
        void second(NetNs cli) throws IOException {
            record("second", cli);
            connect();
        }

        private static void connect() throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("10.41.0.1", PORT), 2000);
                assertThat(s.getInputStream().read()).isEqualTo('k');
            }
        }

        @AfterAll
        @InNamespace("srv")
        static void stopServer(Topology topology) throws Exception {
            record("afterAll", topology.namespace("srv"));
            server.close();
            acceptor.join(5000);
        }
    }

    @Test
    void withASharedTopologyBeforeAllAndAfterAllRunInItAndAServerStartedOnceServesEveryTest() {
        Kit.run(ServerOncePerClassTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertRanIn("beforeAll");
        assertRanIn("afterAll");
        assertRanIn("first");
        assertRanIn("second");
        assertThat(SEEN.get("afterAll.expected")).isEqualTo(SEEN.get("beforeAll.expected"));
        assertThat(ORDER).hasSize(4).startsWith("beforeAll").endsWith("afterAll").contains("first", "second");
    }

    @KitFixture
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @SharedTopology
    @NetNamespace("ns0")
    static class PerClassInstanceTestCase {
        @BeforeAll
        @InNamespace("ns0")
        void beforeAll(NetNs ns0) {
            record("beforeAll", ns0);
        }

        @Test
        void test() {
        }

        @AfterAll
        @InNamespace("ns0")
        void afterAll(NetNs ns0) {
            record("afterAll", ns0);
        }
    }

    @Test
    void withPerClassInstancesTooNonStaticBeforeAllAndAfterAllRunInTheSharedTopology() {
        Kit.run(PerClassInstanceTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertRanIn("beforeAll");
        assertRanIn("afterAll");
    }

    // ------------------------------------------------------------------ work handed to the common pool

    @KitFixture
    @NetNamespace("ns0")
    static class CommonPoolFailureTestCase {
        @Test
        @InNamespace("ns0")
        void handsWorkToThePool(NetNs ns0) throws Exception {
            // execute + a future of our own: ForkJoinTask.get() may run a not-yet-started task on the caller itself
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {
                SEEN.put("pool.where", Kernel.currentThreadNamespace());
                SEEN.put("pool.expected", Kernel.inode(ns0.path()));
                done.completeExceptionally(new IllegalStateException("connect failed on the pool"));
            });
            done.join();
        }
    }

    /** The failure says that the failing code ran on a pool worker, in the JVM's namespace, and what to do. */
    @Test
    void aFailureThrownOnACommonPoolWorkerSaysItRanInTheJvmsNamespace() {
        EngineExecutionResults results = Kit.run(CommonPoolFailureTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(SEEN.get("pool.where")).isEqualTo(Kernel.currentThreadNamespace())
                .isNotEqualTo(SEEN.get("pool.expected"));
        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow();
        assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).anyMatch(m -> m.startsWith(
                "netns-junit: part of this failure (java.lang.IllegalStateException: connect failed on the pool) was"
                + " thrown on a worker of the common ForkJoin pool (a ForkJoinPool.commonPool-worker thread), which is"
                + " in the JVM's own namespace, not in the test's:"));
    }

    // ------------------------------------------------------------------ refused before they run

    @KitFixture
    @NetNamespace("ns0")
    static class BeforeAllWithoutSharedTopologyTestCase {
        @BeforeAll
        @InNamespace("ns0")
        static void beforeAll() {
            SEEN.put("beforeAll ran", "yes");
        }

        @Test
        void test() {
            SEEN.put("test ran", "yes");
        }
    }

    @Test
    void inNamespaceOnBeforeAllWithPerTestTopologiesIsRefusedNamingTheMethodAndTheFix() {
        EngineExecutionResults results = Kit.run(BeforeAllWithoutSharedTopologyTestCase.class);
        String name = BeforeAllWithoutSharedTopologyTestCase.class.getName();
        results.containerEvents().assertThatEvents().haveExactly(1, event(container("BeforeAllWithoutSharedTopology"),
                finishedWithFailure(instanceOf(TopologyDeclarationException.class), message(
                        "Invalid network topology declared for class " + name + " (1 problem):\n"
                        + "  - @InNamespace(\"ns0\") on method BeforeAllWithoutSharedTopologyTestCase.beforeAll(): the"
                        + " topology of " + name + " is built for each test, so no namespace exists while"
                        + " @BeforeAll/@AfterAll methods run, and the method was not run. Annotate the class with"
                        + " @SharedTopology to build one topology for all its tests (its @BeforeAll and @AfterAll"
                        + " methods then run in it), or move the code to a @BeforeEach/@AfterEach method."))));
        assertThat(SEEN).doesNotContainKeys("beforeAll ran", "test ran");
    }

    @KitFixture
    @NetNamespace("ns0")
    static class NetNsInBeforeAllWithoutSharedTopologyTestCase {
        @BeforeAll
        static void beforeAll(@Ns("ns0") NetNs ns0) {
            SEEN.put("beforeAll ran", "yes");
        }

        @Test
        void test() {
        }
    }

    @Test
    void aNetNsParameterOfBeforeAllWithPerTestTopologiesIsRefusedWithTheFix() {
        EngineExecutionResults results = Kit.run(NetNsInBeforeAllWithoutSharedTopologyTestCase.class);
        results.containerEvents().assertThatEvents().haveExactly(1, event(container("NetNsInBeforeAll"),
                finishedWithFailure(instanceOf(ParameterResolutionException.class), message(
                        "netns-junit has no topology to inject into parameter #1 (NetNs) of method"
                        + " NetNsInBeforeAllWithoutSharedTopologyTestCase.beforeAll(NetNs): the topology of "
                        + NetNsInBeforeAllWithoutSharedTopologyTestCase.class.getName() + " is built for each test,"
                        + " so none exists while @BeforeAll/@AfterAll methods run. Annotate the class with"
                        + " @SharedTopology to build one topology for all its tests, or take the parameter in a"
                        + " @BeforeEach method."))));
        assertThat(SEEN).doesNotContainKey("beforeAll ran");
    }

    @KitFixture
    static class InstanceFieldTestCase {
        @RegisterExtension
        NetnsExtension net = NetnsExtension.withTopology(NetworkTopology.builder().namespace("ns0").build());

        @Test
        @InNamespace("ns0")
        void test() {
            SEEN.put("test ran", "yes");
        }
    }

    @KitFixture
    @NetNamespace("ns0")
    static class InstanceFieldNextToAnnotationsTestCase {
        @RegisterExtension
        NetnsExtension extra = NetnsExtension.withTopology(NetworkTopology.builder().namespace("ns1").build());

        @Test
        @InNamespace("ns1")
        void test() {
            SEEN.put("test ran", "yes");
        }
    }

    @Test
    void nextToAnnotationsTooTheRefusalNamesTheFieldInsteadOfAMissingNamespace() {
        Kit.run(InstanceFieldNextToAnnotationsTestCase.class).testEvents().assertThatEvents().haveExactly(1,
                event(test("test"), finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                        "NetnsExtension.withTopology(...) in non-static @RegisterExtension field "
                        + InstanceFieldNextToAnnotationsTestCase.class.getName() + ".extra would be ignored: JUnit"
                        + " registers extensions of instance fields only after the test class's topology is"
                        + " assembled. Make the field static."))));
        assertThat(SEEN).doesNotContainKey("test ran");
    }

    @Test
    void aTopologyInANonStaticRegisterExtensionFieldIsRefusedSayingMakeItStatic() {
        Kit.run(InstanceFieldTestCase.class).testEvents().assertThatEvents().haveExactly(1, event(test("test"),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                        "NetnsExtension.withTopology(...) in non-static @RegisterExtension field "
                        + InstanceFieldTestCase.class.getName() + ".net would be ignored: JUnit registers extensions of"
                        + " instance fields only after the test class's topology is assembled. Make the field"
                        + " static."))));
        assertThat(SEEN).doesNotContainKey("test ran");
    }
}
