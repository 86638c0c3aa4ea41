package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.NetnsConfig;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.SharedTopology;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.internal.Configuration;
import io.github.netnsjunit.junit.internal.LiveTopology;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.RawTopology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Internal: what one {@code NetnsExtension} instance does for JUnit — every callback of the API class is one call
 * here. Holds the declarations of the instance's programmatic topology, handed over by the API class as a
 * {@link RawTopology} (empty for the annotation-registered instance). The first instance registered for a class acts
 * for all ({@link ExtensionInstances}).
 */
public final class JupiterCallbacks {

    private final RawTopology topology;
    private final Function<Object, Optional<JupiterCallbacks>> callbacksOf;

    /**
     * @param topology    the declarations of the instance's programmatic topology
     * @param callbacksOf the callbacks of an object that is a {@code NetnsExtension} (empty for anything else), to
     *                    recognise instances in test fields without this package importing the API class
     */
    public JupiterCallbacks(RawTopology topology, Function<Object, Optional<JupiterCallbacks>> callbacksOf) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.callbacksOf = Objects.requireNonNull(callbacksOf, "callbacksOf");
    }

    /** True when the instance was given a topology in code ({@code NetnsExtension.withTopology}). */
    boolean declaresTopology() {
        return !topology.isEmpty();
    }

    // ------------------------------------------------------------------ lifecycle: build; JUnit closes

    /** {@code BeforeAllCallback}: registers this instance for the class. */
    public void beforeAll(ExtensionContext context) {
        JupiterConfiguration.of(context); // a bad configuration value fails the class before anything else
        context.getTestClass().ifPresent(c -> ClassTemplates.refuseMisplacedCode(c, classScoped(context)));
        ExtensionInstances.of(context).register(this, topology);
    }

    /** {@code BeforeEachCallback}: builds the test's topology, or checks it against the class's shared one. */
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
            OpenFaults.markStart(context, shared);
            MustHitCheck.markStart(context, shared);
            return;
        }
        InstanceFields.refuseTopologies(context, callbacksOf); // registered after this callback: they must not be ignored
        TestNetwork.of(context).build(() -> DeclaredTopology.read(testClass, method, instances.topologies()),
                Placement.isTestNamespace(Placement.perTest(testClass, method)));
    }

    /** Heals and names the faults the test left open (after its {@code @AfterEach} methods). */
    public void afterEach(ExtensionContext context) {
        if (ExtensionInstances.isPrimary(context, this)) {
            TestNetwork.nearest(context).ifPresent(network -> {
                // counted before the heal: restoring a shared topology's conditions starts their count again
                Optional<AssertionError> missed = MustHitCheck.missed(context, network);
                PublishedAttachments.publish(context, network);
                OpenFaults.healAtEnd(context, network);
                if (missed.isPresent()) {
                    throw missed.get();
                }
            });
        }
    }

    /**
     * The class's shared network, built on first use: all instances have registered by then. For a class template,
     * its invocation's network: one per invocation ({@link ClassTemplates}).
     */
    private static TestNetwork classNetwork(ExtensionContext context) {
        ExtensionContext classContext = ExtensionInstances.classContext(context);
        TestNetwork network = TestNetwork.of(ClassTemplates.sharedTopologyContext(context));
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
        return JupiterConfiguration.of(context).topologyScope() == Configuration.TopologyScope.CLASS;
    }

    /** An instance JUnit registered without calling its {@code beforeAll}: a non-static field, or method-level. */
    private void refuseInstanceField(ExtensionContext context) {
        if (!topology.isEmpty()) {
            throw InstanceFields.refusal(context, this, callbacksOf);
        }
    }

    // ------------------------------------------------------------------ where code runs

    /** {@code InvocationInterceptor}. */
    public void interceptTestMethod(InvocationInterceptor.Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        WrongServers.around(() -> runPerTest(invocation, invocationContext.getExecutable(), extensionContext),
                invocationContext.getExecutable(), extensionContext, isPrimary(extensionContext));
    }

    /** {@code InvocationInterceptor}. */
    public void interceptTestTemplateMethod(InvocationInterceptor.Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        WrongServers.around(() -> runPerTest(invocation, invocationContext.getExecutable(), extensionContext),
                invocationContext.getExecutable(), extensionContext, isPrimary(extensionContext));
    }

    /** {@code InvocationInterceptor}. */
    public <T> T interceptTestFactoryMethod(InvocationInterceptor.Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        return runPerTest(invocation, invocationContext.getExecutable(), extensionContext);
    }

    /** {@code InvocationInterceptor}. */
    public void interceptDynamicTest(InvocationInterceptor.Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        // a dynamic test runs where its factory runs, in the factory's topology
        runPerTest(invocation, NamespaceRunner.enclosingMethod(extensionContext).orElse(null), extensionContext);
    }

    /** {@code InvocationInterceptor}. */
    public void interceptBeforeEachMethod(InvocationInterceptor.Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runPerTest(invocation, invocationContext.getExecutable(), extensionContext);
    }

    /** {@code InvocationInterceptor}. */
    public void interceptAfterEachMethod(InvocationInterceptor.Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runPerTest(invocation, invocationContext.getExecutable(), extensionContext);
    }

    /** {@code InvocationInterceptor}. */
    public void interceptBeforeAllMethod(InvocationInterceptor.Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runPerClass(invocation, invocationContext.getExecutable(), extensionContext);
    }

    /** {@code InvocationInterceptor}. */
    public void interceptAfterAllMethod(InvocationInterceptor.Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runPerClass(invocation, invocationContext.getExecutable(), extensionContext);
    }

    private <T> T runPerTest(InvocationInterceptor.Invocation<T> invocation, Method method, ExtensionContext context) throws Throwable {
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

    private <T> T runPerClass(InvocationInterceptor.Invocation<T> invocation, Method method, ExtensionContext context) throws Throwable {
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

    /** {@code ParameterResolver}. */
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return (type == NetNs.class || type == Topology.class) && isPrimary(extensionContext);
    }

    /** {@code ParameterResolver}. */
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Parameter p = parameterContext.getParameter();
        String parameter = "parameter " + DeclaredTopology.parameterName(p, parameterContext.getIndex()) + " of "
                + Origin.describe(parameterContext.getDeclaringExecutable());
        Optional<LiveTopology> live;
        if (extensionContext.getTestMethod().isEmpty() && ClassTemplates.isTemplateContext(extensionContext)) {
            // refused before the class runs for @BeforeAll/@AfterAll methods; this is any other code of the template
            throw new ParameterResolutionException("netns-junit has no topology to inject into " + parameter
                    + ": " + extensionContext.getRequiredTestClass().getName() + " is a class template, whose"
                    + " topologies belong to its invocations; none exists outside them. Take the parameter in a"
                    + " @BeforeParameterizedClassInvocation or @BeforeEach method.");
        }
        if (extensionContext.getTestMethod().isPresent() || classScoped(extensionContext)) {
            live = extensionContext.getTestMethod().isPresent()
                    ? TestNetwork.nearest(extensionContext).flatMap(TestNetwork::live)
                    : classNetwork(extensionContext).live();
        } else if (ClassTemplates.isInvocation(extensionContext)) {
            throw new ParameterResolutionException("netns-junit has no topology to inject into " + parameter
                    + ": the topology of " + extensionContext.getRequiredTestClass().getName() + " is built for each"
                    + " test, so none exists while its invocation's callbacks run. Annotate the class with"
                    + " @SharedTopology to build one topology for each invocation, shared by its tests and callbacks,"
                    + " or take the parameter in a @BeforeEach method.");
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
