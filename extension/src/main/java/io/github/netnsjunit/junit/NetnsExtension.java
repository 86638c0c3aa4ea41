package io.github.netnsjunit.junit;

import io.github.netnsjunit.junit.internal.Configuration;
import io.github.netnsjunit.junit.internal.ParameterizedClassCallbacks;
import io.github.netnsjunit.junit.internal.LiveTopology;
import io.github.netnsjunit.junit.internal.NamespaceRunner;
import io.github.netnsjunit.junit.internal.Placement;
import io.github.netnsjunit.junit.internal.TestNetwork;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension that builds the declared network topology before each test, runs the test
 * inside the namespace it names, and tears everything down afterwards.
 *
 * <p>Registered automatically by the topology annotations ({@link io.github.netnsjunit.junit.NetNamespace
 * NetNamespace}, {@link VethPair}, {@link Bridge}, {@link Route}, {@link Masquerade}, {@link PortForward},
 * {@link InNamespace}); register it yourself with {@link #withTopology(NetworkTopology)} for a topology built in
 * code, in a {@code static} field (JUnit registers instance fields only once a test instance exists, too late to
 * take part in the class's topology):
 *
 * <pre>{@code
 * @RegisterExtension
 * static NetnsExtension net = NetnsExtension.withTopology(NetworkTopology.builder()
 *         .namespace("ns0").namespace("ns1")
 *         .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("172.18.0.2/24").peerAddress("172.18.0.3/24"))
 *         .build());
 * }</pre>
 *
 * <p>Lifecycle: before each test the declarations are validated (every problem at once, before anything is
 * created) and the topology is built; it lives until the test and all its {@code @AfterEach} methods have run, then
 * JUnit closes it with the test's context, whether the test passed or failed. With {@link SharedTopology} (or
 * {@code netns.junit.topologyScope=class}) one topology serves every test of the class, from its first
 * {@code @BeforeAll} method (or first test) until after its {@code @AfterAll} methods. Where code runs is
 * described on {@link InNamespace}. Tests that create anything in the {@code "host"} namespace take turns.
 */
public final class NetnsExtension implements BeforeAllCallback, BeforeEachCallback, InvocationInterceptor,
        ParameterResolver {

    private final NetworkTopology topology;

    /** Used by JUnit for {@code @ExtendWith}: the topology comes from the annotations. */
    public NetnsExtension() {
        this(NetworkTopology.empty());
    }

    private NetnsExtension(NetworkTopology topology) {
        this.topology = topology;
    }

    /**
     * An extension for a topology built in code, to hold in a static {@code @RegisterExtension} field.
     * Annotations on the test class are added to it.
     */
    public static NetnsExtension withTopology(NetworkTopology topology) {
        return new NetnsExtension(Objects.requireNonNull(topology, "topology"));
    }

    /** The topology given to {@link #withTopology(NetworkTopology)}; empty for the annotation-registered instance. */
    NetworkTopology declaredTopology() {
        return topology;
    }

    // ------------------------------------------------------------------ lifecycle: build; JUnit closes

    @Override
    public void beforeAll(ExtensionContext context) {
        Configuration.of(context); // a bad configuration value fails the class before anything else
        context.getTestClass().ifPresent(ParameterizedClassCallbacks::refuseInNamespace);
        ExtensionInstances.of(context).register(this, topology);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ExtensionInstances instances = ExtensionInstances.of(ExtensionInstances.classContext(context));
        if (!instances.isRegistered(this)) {
            // JUnit called no beforeAll: registered by annotations on the test method, or by an instance field
            refuseInstanceField(context);
            ExtensionInstances.of(context).register(this, topology);
        }
        if (!ExtensionInstances.isPrimary(context, this)) {
            return; // the first registered instance acts for all
        }
        Class<?> testClass = context.getRequiredTestClass();
        Method method = context.getRequiredTestMethod();
        if (classScoped(context)) {
            TestNetwork shared = classNetwork(context);
            TopologyModel own = DeclaredTopology.read(testClass, method, instances.topologies());
            if (!shared.live().map(LiveTopology::model).map(own::equals).orElse(own.isEmpty())) {
                throw new TopologyDeclarationException(testClass, List.of(Origin.describe(method)
                        + " declares its own topology, but class " + testClass.getName() + " shares one topology"
                        + " between its tests (" + NetnsConfig.TOPOLOGY_SCOPE + "=class or @SharedTopology). Move the"
                        + " declarations to the class, or give this test a class of its own with the default scope."));
            }
            shared.releaseThreadsAfter(context);
            return;
        }
        InstanceFields.refuseTopologies(context); // registered after this callback: they must not be ignored
        TestNetwork.of(context).build(() -> DeclaredTopology.read(testClass, method, instances.topologies()),
                Placement.isTestNamespace(Placement.perTest(testClass, method)));
    }

    /** The class's shared network, built on first use: all instances have registered by then. */
    private static TestNetwork classNetwork(ExtensionContext context) {
        ExtensionContext classContext = ExtensionInstances.classContext(context);
        TestNetwork network = TestNetwork.of(classContext);
        Class<?> testClass = classContext.getRequiredTestClass();
        network.build(() -> DeclaredTopology.read(testClass, null,
                ExtensionInstances.of(classContext).topologies()), Placement.isTestNamespace(Placement.onClass(testClass)));
        return network;
    }

    /** Class scope: {@link SharedTopology} on the class or an enclosing class, or the configuration parameter. */
    private static boolean classScoped(ExtensionContext context) {
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            if (AnnotationSupport.isAnnotated(c, SharedTopology.class)) {
                return true;
            }
        }
        return Configuration.of(context).topologyScope() == Configuration.TopologyScope.CLASS;
    }

    /** An instance JUnit registered without calling its {@code beforeAll}: a non-static field, or method-level. */
    private void refuseInstanceField(ExtensionContext context) {
        if (!topology.isEmpty()) {
            throw InstanceFields.refusal(context, this);
        }
    }

    // ------------------------------------------------------------------ where code runs

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        runPerTest(invocation, invocationContext.getExecutable(), extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runPerTest(invocation, invocationContext.getExecutable(), extensionContext);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        return runPerTest(invocation, invocationContext.getExecutable(), extensionContext);
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        // a dynamic test runs where its factory runs, in the factory's topology
        runPerTest(invocation, NamespaceRunner.enclosingMethod(extensionContext).orElse(null), extensionContext);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runPerTest(invocation, invocationContext.getExecutable(), extensionContext);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runPerTest(invocation, invocationContext.getExecutable(), extensionContext);
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runPerClass(invocation, invocationContext.getExecutable(), extensionContext);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runPerClass(invocation, invocationContext.getExecutable(), extensionContext);
    }

    private <T> T runPerTest(Invocation<T> invocation, Method method, ExtensionContext context) throws Throwable {
        if (!isPrimary(context)) {
            return invocation.proceed();
        }
        Optional<TestNetwork> network = TestNetwork.nearest(context);
        // (a dynamic test's context has no test class of its own)
        Class<?> testClass = ExtensionInstances.classContext(context).getRequiredTestClass();
        Optional<String> namespace = Placement.perTest(testClass, method);
        if (!Placement.isTestNamespace(namespace)) {
            return NamespaceRunner.runTied(network.flatMap(TestNetwork::live), invocation);
        }
        return NamespaceRunner.run(network.orElseThrow(), namespace.get(), invocation, context);
    }

    private <T> T runPerClass(Invocation<T> invocation, Method method, ExtensionContext context) throws Throwable {
        Optional<String> namespace = Placement.perClass(method);
        if (!Placement.isTestNamespace(namespace) || !isPrimary(context)) {
            return invocation.proceed();
        }
        if (!classScoped(context)) {
            throw NamespaceRunner.noClassTopology(context.getRequiredTestClass(), method, namespace.get());
        }
        TestNetwork network = classNetwork(context);
        try {
            return NamespaceRunner.run(network, namespace.get(), invocation, context);
        } finally {
            // a test after it gets a fresh pinned thread, as every test does
            network.releaseThreads();
        }
    }

    private boolean isPrimary(ExtensionContext context) {
        return ExtensionInstances.isPrimary(context, this);
    }

    // ------------------------------------------------------------------ parameters

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return (type == NetNs.class || type == Topology.class) && isPrimary(extensionContext);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Parameter p = parameterContext.getParameter();
        String parameter = "parameter " + DeclaredTopology.parameterName(p, parameterContext.getIndex()) + " of "
                + Origin.describe(parameterContext.getDeclaringExecutable());
        Optional<LiveTopology> live;
        if (extensionContext.getTestMethod().isPresent() || classScoped(extensionContext)) {
            live = extensionContext.getTestMethod().isPresent()
                    ? TestNetwork.nearest(extensionContext).flatMap(TestNetwork::live)
                    : classNetwork(extensionContext).live();
        } else {
            throw new ParameterResolutionException("netns-junit has no topology to inject into " + parameter
                    + ": the topology of " + extensionContext.getRequiredTestClass().getName() + " is built for each"
                    + " test, so none exists while @BeforeAll/@AfterAll methods run. Annotate the class with"
                    + " @SharedTopology to build one topology for all its tests, or take the parameter in a"
                    + " @BeforeEach method.");
        }
        if (live.isEmpty()) {
            throw new ParameterResolutionException("netns-junit has no topology to inject into " + parameter
                    + ": declare at least one @NetNamespace.");
        }
        if (p.getType() == Topology.class) {
            return live.get();
        }
        Optional<String> name = parameterContext.findAnnotation(Ns.class).map(Ns::value)
                .or(() -> parameterContext.getDeclaringExecutable() instanceof Method m
                        ? (extensionContext.getTestMethod().isPresent()
                                ? Placement.perTest(extensionContext.getRequiredTestClass(), m) : Placement.perClass(m))
                        : Optional.empty());
        if (name.isEmpty()) {
            throw new ParameterResolutionException(parameter + " is a NetNs but names no namespace: annotate it with"
                    + " @Ns(\"name\"), or run the method in one with @InNamespace(\"name\").");
        }
        return live.get().namespace(name.get());
    }
}
