package io.github.netnsjunit.junit;

import io.github.netnsjunit.junit.internal.jupiter.JupiterCallbacks;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

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
public final class NetnsExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        InvocationInterceptor, ParameterResolver {

    // the JUnit glue lives in internal.jupiter; this class only hands it the declarations (the one read path of a
    // NetworkTopology's declarations) and forwards JUnit's calls
    private final NetworkTopology topology;
    private final JupiterCallbacks callbacks;

    /** Used by JUnit for {@code @ExtendWith}: the topology comes from the annotations. */
    public NetnsExtension() {
        this(NetworkTopology.empty());
    }

    private NetnsExtension(NetworkTopology topology) {
        this.topology = topology;
        this.callbacks = new JupiterCallbacks(topology.declarations(), NetnsExtension::callbacksOf);
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

    private static Optional<JupiterCallbacks> callbacksOf(Object extension) {
        return extension instanceof NetnsExtension n ? Optional.of(n.callbacks) : Optional.empty();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        callbacks.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        callbacks.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        callbacks.afterEach(context);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        callbacks.interceptTestMethod(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        callbacks.interceptTestTemplateMethod(invocation, invocationContext, extensionContext);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        return callbacks.interceptTestFactoryMethod(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        callbacks.interceptDynamicTest(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        callbacks.interceptBeforeEachMethod(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        callbacks.interceptAfterEachMethod(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        callbacks.interceptBeforeAllMethod(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        callbacks.interceptAfterAllMethod(invocation, invocationContext, extensionContext);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return callbacks.supportsParameter(parameterContext, extensionContext);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return callbacks.resolveParameter(parameterContext, extensionContext);
    }
}
