package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@link SharedTopology} on a class template ({@code @ParameterizedClass}, {@code @ClassTemplate} with a provider):
 * one topology per invocation, shared by that invocation's tests and its
 * {@code @BeforeParameterizedClassInvocation}/{@code @AfterParameterizedClassInvocation} methods (through
 * {@code NetNs} parameters); {@code @BeforeAll}/{@code @AfterAll}, which JUnit runs once for all invocations, are
 * refused before the class runs when they ask for a topology. Oracles: {@code /proc/thread-self/ns/net} read inside
 * the test and the server, a TCP exchange carrying a token per invocation, and the JVM's namespaces and tasks in
 * {@code /proc} afterwards.
 */
class ClassTemplateTopologyIT {
    static final List<String> RAN = new CopyOnWriteArrayList<>();
    /** "invocation/what" → namespace inode. */
    static final Map<String, String> SEEN = new LinkedHashMap<>();

    static synchronized void seen(String key, String inode) {
        SEEN.put(key, inode);
    }

    private static Throwable firstFailure(EngineExecutionResults results) {
        return results.allEvents().failed().list().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .findFirst().orElseThrow();
    }

    @Test
    void aParameterizedClassGetsOneTopologyPerInvocationSharedByItsTestsAndCallbacks() throws Exception {
        RAN.clear();
        SEEN.clear();
        Set<String> before = Kernel.jvmNamespaces();

        Kit.run(PerInvocationTestCase.class).testEvents().assertStatistics(s -> s.started(4).succeeded(4));

        assertThat(RAN).containsExactly("beforeAll", "start 1", "first 1 got token 1", "second 1 got token 1",
                "stop 1", "start 2", "first 2 got token 2", "second 2 got token 2", "stop 2", "afterAll");
        for (int n = 1; n <= 2; n++) {
            // each invocation's tests: the same client namespace, and the server namespace of its own callbacks
            assertThat(SEEN.get(n + "/first cli")).startsWith("net:[").isEqualTo(SEEN.get(n + "/second cli"));
            assertThat(SEEN.get(n + "/first srv")).isEqualTo(SEEN.get(n + "/server")).isEqualTo(SEEN.get(n + "/second srv"))
                    .isNotEqualTo(SEEN.get(n + "/first cli"));
        }
        assertThat(SEEN.get("1/first cli")).isNotEqualTo(SEEN.get("2/first cli"));
        assertThat(SEEN.get("1/server")).isNotEqualTo(SEEN.get("2/server"));
        // @BeforeAll/@AfterAll without a topology: once, on JUnit's thread in the JVM's own namespace
        assertThat(SEEN.get("beforeAll")).isEqualTo(Kernel.hostNamespace());

        assertThat(Kernel.jvmNamespaces()).isEqualTo(before).doesNotContainAnyElementsOf(SEEN.values().stream()
                .filter(inode -> !inode.equals(Kernel.hostNamespace())).toList());
        Kernel.await(() -> Kernel.taskNames().stream().noneMatch(n -> n.startsWith("netns-")), 10_000);
        assertThat(Kernel.taskNames()).noneMatch(n -> n.startsWith("netns-") || n.startsWith("server-"));
    }

    @Test
    void aClassTemplateWithItsOwnProviderGetsOneTopologyPerInvocation() {
        RAN.clear();
        SEEN.clear();
        Set<String> before = Kernel.jvmNamespaces();

        Kit.run(ClassTemplateTestCase.class).testEvents().assertStatistics(s -> s.started(4).succeeded(4));

        assertThat(SEEN.get("A/first")).startsWith("net:[").isEqualTo(SEEN.get("A/second"));
        assertThat(SEEN.get("B/first")).startsWith("net:[").isEqualTo(SEEN.get("B/second"));
        assertThat(SEEN.get("A/first")).isNotEqualTo(SEEN.get("B/first"));
        assertThat(RAN).containsExactly("beforeAll A B", "A/first", "A/second", "B/first", "B/second");
        assertThat(Kernel.jvmNamespaces()).isEqualTo(before);
    }

    @Test
    void beforeAllAndAfterAllAskingForATopologyOnAParameterizedClassAreRefusedBeforeAnythingRuns() {
        RAN.clear();
        Throwable failure = firstFailure(Kit.run(BeforeAllInNamespaceTestCase.class));
        String fixture = BeforeAllInNamespaceTestCase.class.getName();
        assertThat(failure).isInstanceOf(TopologyDeclarationException.class);
        assertThat(failure.getMessage()).contains("@InNamespace(\"srv\") on @BeforeAll method"
                + " BeforeAllInNamespaceTestCase.start(): " + fixture + " is a class template (@ParameterizedClass or @ClassTemplate), whose shared"
                + " topology is built once for each invocation, and JUnit runs its @BeforeAll/@AfterAll methods once"
                + " for all invocations, outside every topology; the class was not run. To do it once per invocation"
                + " in the invocation's topology, use a @BeforeParameterizedClassInvocation/"
                + "@AfterParameterizedClassInvocation method without @InNamespace that takes a @Ns(\"name\") NetNs"
                + " parameter and runs the code with ns.call(...) or ns.start(...); or use an @InNamespace"
                + " @BeforeEach/@AfterEach method.")
                .contains("parameter #1 (NetNs) on @AfterAll method BeforeAllInNamespaceTestCase.stop(NetNs): " + fixture
                        + " is a class template");
        assertThat(RAN).isEmpty();
    }

    @Test
    void inNamespaceOnAnInvocationCallbackOfASharedTopologyIsRefusedWithTheParameterFix() {
        RAN.clear();
        Throwable failure = firstFailure(Kit.run(SharedInNamespaceCallbackTestCase.class));
        assertThat(failure).isInstanceOf(TopologyDeclarationException.class);
        assertThat(failure.getMessage()).contains("@InNamespace(\"srv\") on @BeforeParameterizedClassInvocation method"
                + " SharedInNamespaceCallbackTestCase.start(int): JUnit runs these methods without"
                + " the interception that moves other lifecycle methods into a namespace, so it would run on JUnit's"
                + " thread in the JVM's own namespace; the class was not run. Move the code to an @InNamespace(\"srv\")"
                + " @BeforeEach/@AfterEach method, or remove @InNamespace and take a @Ns(\"srv\") NetNs parameter in"
                + " this method, which runs the code in srv with ns.call(...) or ns.start(...) (the invocation's shared"
                + " topology)");
        assertThat(RAN).isEmpty();
    }

    @Test
    void aNetNsParameterOfAnInvocationCallbackWithPerTestTopologiesIsRefusedWithTheFix() {
        RAN.clear();
        Throwable failure = firstFailure(Kit.run(PerTestCallbackParameterTestCase.class));
        assertThat(failure.getMessage()).isEqualTo("netns-junit has no topology to inject into parameter #2 (NetNs)"
                + " of method PerTestCallbackParameterTestCase.start(int, NetNs): the topology of " + PerTestCallbackParameterTestCase.class.getName()
                + " is built for each test, so none exists while its invocation's callbacks run. Annotate the class"
                + " with @SharedTopology to build one topology for each invocation, shared by its tests and callbacks,"
                + " or take the parameter in a @BeforeEach method.");
        assertThat(RAN).isEmpty();
    }

    @Test
    void aStaticRegisteredTopologyServesEveryInvocationOfAParameterizedClass() {
        RAN.clear();
        SEEN.clear();
        Kit.run(RegisteredTopologyTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(SEEN.get("1")).startsWith("net:[").isNotEqualTo(SEEN.get("2"));
    }

    @Test
    void eachInvocationOfAParameterizedClassGetsItsOwnFailureReport(@TempDir Path reports) throws Exception {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter(Kit.INSIDE_KIT, "true")
                .configurationParameter(NetnsConfig.REPORT_DIRECTORY, reports.toString())
                .selectors(DiscoverySelectors.selectClass(FailingTestCase.class))
                .execute().testEvents().assertStatistics(s -> s.started(2).failed(2));
        for (int n = 1; n <= 2; n++) {
            // before, both invocations wrote FailingTestCase/fails: the second report replaced the first
            Path state = reports.resolve("FailingTestCase_" + n + "_n_" + n).resolve("fails").resolve("state.txt");
            assertThat(Files.readString(state)).contains("ns1");
        }
    }

    // ------------------------------------------------------------------ fixtures

    @KitFixture
    @NetNamespace("ns1")
    @ParameterizedClass(name = "[{index}] n={0}")
    @ValueSource(ints = {1, 2})
    static class FailingTestCase {
        @Parameter
        int n;

        @Test
        @InNamespace("ns1")
        void fails() {
            throw new AssertionError("fails on purpose");
        }
    }

    /** A line server in srv that answers every connection with its token. */
    static final class TokenServer {
        private static ServerSocket socket;
        private static Thread thread;

        static void start(NetNs srv, int token) throws Exception {
            srv.call(() -> {
                socket = new ServerSocket();
                socket.bind(new InetSocketAddress("10.33.0.1", 7033));
                seen(token + "/server", Kernel.currentThreadNamespace());
                thread = new Thread(() -> serve(token), "server-" + token); // born in srv: started from its thread
                thread.start();
                return null;
            });
        }

        private static void serve(int token) {
            while (true) {
                try (Socket s = socket.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(("token " + token).getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    return; // closed by stop()
                }
            }
        }

        static void stop() throws Exception {
            socket.close();
            thread.join(5_000);
        }

        static String fetch() throws Exception {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("10.33.0.1", 7033), 2_000);
                try (InputStream in = s.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                }
            }
        }
    }

    @KitFixture
    @SharedTopology
    @NetNamespace("srv")
    @NetNamespace("cli")
    @VethPair(name = "vs", namespace = "srv", address = "10.33.0.1/24", peer = "vc", peerNamespace = "cli",
            peerAddress = "10.33.0.2/24")
    @ParameterizedClass
    @ValueSource(ints = {1, 2})
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerInvocationTestCase {
        @Parameter
        int n;

        @BeforeAll
        static void beforeAll() {
            RAN.add("beforeAll");
            seen("beforeAll", Kernel.currentThreadNamespace());
        }

        @BeforeParameterizedClassInvocation
        static void start(int n, @Ns("srv") NetNs srv) throws Exception {
            RAN.add("start " + n);
            TokenServer.start(srv, n);
        }

        @AfterParameterizedClassInvocation
        static void stop(int n) throws Exception {
            TokenServer.stop();
            RAN.add("stop " + n);
        }

        @AfterAll
        static void afterAll() {
            RAN.add("afterAll");
        }

        @Test
        @Order(1)
        @InNamespace("cli")
        void first(@Ns("srv") NetNs srv) throws Exception {
            exchange("first", srv);
        }

        @Test
        @Order(2)
        @InNamespace("cli")
        void second(@Ns("srv") NetNs srv) throws Exception {
            exchange("second", srv);
        }

        private void exchange(String test, NetNs srv) throws Exception {
            seen(n + "/" + test + " cli", Kernel.currentThreadNamespace());
            seen(n + "/" + test + " srv", Kernel.inode(srv.path()));
            RAN.add(test + " " + n + " got " + TokenServer.fetch());
        }
    }

    /** Two invocations, named A and B. */
    static final class TwoInvocations implements ClassTemplateInvocationContextProvider {
        @Override
        public boolean supportsClassTemplate(ExtensionContext context) {
            return true;
        }

        @Override
        public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
            return Stream.of("A", "B").map(name -> new ClassTemplateInvocationContext() {
                @Override
                public String getDisplayName(int invocationIndex) {
                    return name;
                }
            });
        }
    }

    @KitFixture
    @SharedTopology
    @NetNamespace("ns1")
    @ClassTemplate
    @ExtendWith(TwoInvocations.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ClassTemplateTestCase {
        static volatile String current;

        @BeforeAll
        static void beforeAll() {
            RAN.add("beforeAll A B");
        }

        @Test
        @Order(1)
        @InNamespace("ns1")
        void first() {
            // tests run in order: the first test of invocation A, then its second, then B's
            current = SEEN.containsKey("A/first") ? "B" : "A";
            record("first");
        }

        @Test
        @Order(2)
        @InNamespace("ns1")
        void second() {
            record("second");
        }

        private static void record(String test) {
            seen(current + "/" + test, Kernel.currentThreadNamespace());
            RAN.add(current + "/" + test);
        }
    }

    @KitFixture
    @SharedTopology
    @NetNamespace("srv")
    @ParameterizedClass
    @ValueSource(ints = {1, 2})
    static class BeforeAllInNamespaceTestCase {
        @Parameter
        int n;

        @BeforeAll
        @InNamespace("srv")
        static void start() {
            RAN.add("start");
        }

        @AfterAll
        static void stop(@Ns("srv") NetNs srv) {
            RAN.add("stop");
        }

        @Test
        @InNamespace("srv")
        void test() {
            RAN.add("test " + n);
        }
    }

    @KitFixture
    @SharedTopology
    @NetNamespace("srv")
    @ParameterizedClass
    @ValueSource(ints = {1, 2})
    static class SharedInNamespaceCallbackTestCase {
        @Parameter
        int n;

        @BeforeParameterizedClassInvocation
        @InNamespace("srv")
        static void start(int n) {
            RAN.add("start " + n);
        }

        @Test
        @InNamespace("srv")
        void test() {
            RAN.add("test " + n);
        }
    }

    @KitFixture
    @NetNamespace("srv")
    @ParameterizedClass
    @ValueSource(ints = {1, 2})
    static class PerTestCallbackParameterTestCase {
        @Parameter
        int n;

        @BeforeParameterizedClassInvocation
        static void start(int n, @Ns("srv") NetNs srv) {
            RAN.add("start " + n);
        }

        @Test
        @InNamespace("srv")
        void test() {
            RAN.add("test " + n);
        }
    }

    @KitFixture
    @ParameterizedClass
    @ValueSource(ints = {1, 2})
    static class RegisteredTopologyTestCase {
        @RegisterExtension
        static NetnsExtension net = NetnsExtension.withTopology(NetworkTopology.builder().namespace("ns0").build());

        @Parameter
        int n;

        @Test
        @InNamespace("ns0")
        void test() {
            seen(Integer.toString(n), Kernel.currentThreadNamespace());
        }
    }
}
