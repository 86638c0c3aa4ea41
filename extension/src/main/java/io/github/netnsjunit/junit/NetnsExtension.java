package io.github.netnsjunit.junit;

import io.github.netnsjunit.junit.internal.Diagnostics;
import io.github.netnsjunit.junit.internal.HostLease;
import io.github.netnsjunit.junit.internal.LiveTopology;
import io.github.netnsjunit.junit.internal.Privileges;
import io.github.netnsjunit.junit.internal.TopologyFactory;
import io.github.netnsjunit.junit.internal.model.AnnotationTopologyReader;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.RawTopology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.model.TopologyModels;
import io.github.netnsjunit.junit.internal.model.TopologyValidator;
import io.github.netnsjunit.netlink.ns.NetNamespace;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit Jupiter extension that builds the declared network topology before each test, runs the test
 * inside the namespace it names, and tears everything down afterwards.
 *
 * <p>Registered automatically by the topology annotations ({@link io.github.netnsjunit.junit.NetNamespace @NetNamespace}, {@link VethPair},
 * {@link Bridge}, {@link Route}, {@link Masquerade}, {@link PortForward}, {@link InNamespace}); register it
 * yourself with {@link #withTopology(NetworkTopology)} for a topology built in code:
 *
 * <pre>{@code
 * @RegisterExtension
 * static NetnsExtension net = NetnsExtension.withTopology(NetworkTopology.builder()
 *         .namespace("ns0").namespace("ns1")
 *         .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("172.18.0.2/24").peerAddress("172.18.0.3/24"))
 *         .build());
 * }</pre>
 *
 * <p>Lifecycle: the topology is validated (every problem reported at once, before anything is created), built
 * in a {@link BeforeEachCallback}, and torn down in an {@link AfterEachCallback} after the test and its
 * {@code @AfterEach} methods, whether they passed or failed. With {@link SharedTopology} (or the configuration
 * parameter {@code netns.junit.topologyScope=class}) one topology is built before all tests of the class and torn
 * down after them. Test methods, and lifecycle methods that carry
 * {@link InNamespace}, run on the named namespace's pinned platform thread. Tests that create anything in the
 * {@code "host"} namespace hold a lock so that they never run concurrently with each other.
 */
public final class NetnsExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        InvocationInterceptor,
        ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NetnsExtension.class);
    private static final String TOPOLOGY = "topology";
    private static final String OWNER = "owner";
    private static final String HOST_LOCK = "host-lock";
    private static final String HOST_LEASE = "host-lease";
    private static final String DIAGNOSTICS = "diagnostics";

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

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!classScoped(context)) {
            return;
        }
        ExtensionContext.Store store = context.getStore(STORE);
        if (store.get(ownerKey(context)) != null) {
            return; // another instance (annotations and @RegisterExtension both present) already did this
        }
        store.put(ownerKey(context), this);
        Class<?> testClass = context.getRequiredTestClass();
        setUp(context, readModel(testClass, null), runsInTestNamespace(testClass, null));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getStore(STORE).get(ownerKey(context)) == this) {
            tearDown(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(STORE);
        if (store.get(ownerKey(context)) != null) {
            return; // another instance (annotations and @RegisterExtension both present) already did this
        }
        store.put(ownerKey(context), this);
        Class<?> testClass = context.getRequiredTestClass();
        Method method = context.getRequiredTestMethod();
        TopologyModel model = readModel(testClass, method);
        LiveTopology shared = store.get(TOPOLOGY, LiveTopology.class);
        if (shared != null) {
            if (!model.equals(shared.model())) {
                throw new TopologyDeclarationException(testClass, List.of(Origin.describe(method)
                        + " declares its own topology, but class " + testClass.getName() + " shares one topology"
                        + " between its tests (" + NetnsConfig.TOPOLOGY_SCOPE + "=class or @SharedTopology). Move the"
                        + " declarations to the class, or give this test a class of its own with the default scope."));
            }
            return; // the class's topology serves this test
        }
        setUp(context, model, runsInTestNamespace(testClass, method));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(STORE);
        if (store.get(ownerKey(context)) != this) {
            return;
        }
        if (context.getStore(STORE).get(TOPOLOGY) != null && !hasOwn(store, TOPOLOGY)) {
            // a shared topology outlives the test, its pinned threads do not
            LiveTopology shared = store.get(TOPOLOGY, LiveTopology.class);
            shared.handles().forEach(ns -> ns.releaseThread(1000));
            return;
        }
        tearDown(context);
    }

    /** True if the value is in this store itself, not inherited from an enclosing context's store. */
    private static boolean hasOwn(ExtensionContext.Store store, String key) {
        Object value = store.remove(key);
        if (value != null) {
            store.put(key, value);
        }
        return value != null;
    }

    private void setUp(ExtensionContext context, TopologyModel model, boolean runsInNamespace) {
        if (model.isEmpty() && !runsInNamespace) {
            return;
        }
        Optional<String> missing = Privileges.missing();
        if (missing.isPresent()) {
            if ("skip".equalsIgnoreCase(context.getConfigurationParameter(NetnsConfig.MISSING_PRIVILEGES).orElse("fail"))) {
                throw new TestAbortedException(missing.get());
            }
            throw new IllegalStateException(missing.get());
        }
        ExtensionContext.Store store = context.getStore(STORE);
        if (model.touchesHost()) {
            ReentrantReadWriteLock.WriteLock lock = context.getRoot().getStore(STORE)
                    .getOrComputeIfAbsent(HOST_LOCK, k -> new ReentrantReadWriteLock(), ReentrantReadWriteLock.class)
                    .writeLock();
            lock.lock();
            store.put(HOST_LOCK, lock);
            // other JVMs (Surefire forks, parallel builds) change the host too
            store.put(HOST_LEASE, HostLease.acquire());
        }
        Duration ready = Duration.ofMillis(context.getConfigurationParameter(NetnsConfig.READY_TIMEOUT_MILLIS)
                .map(Long::parseLong).orElse(5000L));
        LiveTopology live = new TopologyFactory(ready).build(model);
        store.put(TOPOLOGY, live);
        if (context.getTestMethod().isPresent()) {
            store.put(DIAGNOSTICS, Diagnostics.start(context, live)); // diagnostics: @Capture starts
        }
    }

    private void tearDown(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(STORE);
        LiveTopology live = hasOwn(store, TOPOLOGY) ? store.remove(TOPOLOGY, LiveTopology.class) : null;
        ReentrantReadWriteLock.WriteLock lock = hasOwn(store, HOST_LOCK)
                ? store.remove(HOST_LOCK, ReentrantReadWriteLock.WriteLock.class) : null;
        HostLease lease = hasOwn(store, HOST_LEASE) ? store.remove(HOST_LEASE, HostLease.class) : null;
        Diagnostics diagnostics = hasOwn(store, DIAGNOSTICS) ? store.remove(DIAGNOSTICS, Diagnostics.class) : null;
        try {
            try {
                if (diagnostics != null) {
                    diagnostics.beforeTeardown(context, live); // diagnostics: captures, failure report, keepOnFailure
                }
            } finally {
                if (live != null) {
                    live.close();
                }
            }
        } finally {
            if (lease != null) {
                lease.close();
            }
            if (lock != null) {
                lock.unlock();
            }
        }
    }

    private static String ownerKey(ExtensionContext context) {
        return OWNER + context.getUniqueId();
    }

    /** Class scope: {@link SharedTopology} on the class or an enclosing class, or the configuration parameter. */
    private static boolean classScoped(ExtensionContext context) {
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            if (AnnotationSupport.isAnnotated(c, SharedTopology.class)) {
                return true;
            }
        }
        return "class".equalsIgnoreCase(context.getConfigurationParameter(NetnsConfig.TOPOLOGY_SCOPE).orElse("method"));
    }

    private TopologyModel readModel(Class<?> testClass, Method method) {
        RawTopology raw = new AnnotationTopologyReader().readDeclarations(testClass, Optional.ofNullable(method));
        for (NetworkTopology programmatic : programmaticTopologies(testClass)) {
            raw = raw.merge(programmatic.declarations());
        }
        // every problem at once: references from @InNamespace/@Ns too, even when the topology itself is invalid
        TopologyValidator.Result result = TopologyValidator.validate(raw);
        TopologyModel model = result.model();
        List<String> problems = new ArrayList<>(result.problems());
        if (result.isValid() && method != null) {
            problems.addAll(Diagnostics.check(model, testClass, method)); // diagnostics: @Capture
        }
        RawTopology declared = raw;
        inNamespace(testClass, method).ifPresent(name -> TopologyModels.checkNamespaceReference(declared, name,
                Origin.of("@InNamespace(\"" + name + "\")", method != null ? method : testClass), "value")
                .ifPresent(problems::add));
        Parameter[] parameters = method == null ? new Parameter[0] : method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            Ns ns = p.getAnnotation(Ns.class);
            if (ns != null) {
                TopologyModels.checkNamespaceReference(raw, ns.value(),
                        new Origin("@Ns(\"" + ns.value() + "\")",
                                "parameter " + parameterName(p, i) + " of " + Origin.describe(method)),
                        "value").ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new TopologyDeclarationException(testClass, problems);
        }
        return model;
    }

    /** Topologies of {@code static @RegisterExtension NetnsExtension} fields in the class, its supertypes and outer classes. */
    private List<NetworkTopology> programmaticTopologies(Class<?> testClass) {
        List<NetworkTopology> out = new ArrayList<>();
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) && f.getType() == NetnsExtension.class
                            && f.isAnnotationPresent(RegisterExtension.class)) {
                        try {
                            f.setAccessible(true);
                            NetnsExtension e = (NetnsExtension) f.get(null);
                            if (e != null && !e.topology.isEmpty() && !out.contains(e.topology)) {
                                out.add(e.topology);
                            }
                        } catch (ReflectiveOperationException | RuntimeException ignored) {
                            // not readable: JUnit reports its own error for such a field
                        }
                    }
                }
            }
        }
        if (!topology.isEmpty() && !out.contains(topology)) {
            out.add(topology);
        }
        return out;
    }

    private static Optional<String> inNamespace(Class<?> testClass, Method method) {
        Optional<InNamespace> onMethod = method == null ? Optional.empty()
                : AnnotationSupport.findAnnotation(method, InNamespace.class);
        if (onMethod.isPresent()) {
            return onMethod.map(InNamespace::value);
        }
        // a @Nested class inherits @InNamespace from the classes enclosing it
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<InNamespace> onClass = AnnotationSupport.findAnnotation(c, InNamespace.class);
            if (onClass.isPresent()) {
                return onClass.map(InNamespace::value);
            }
        }
        return Optional.empty();
    }

    private static boolean runsInTestNamespace(Class<?> testClass, Method method) {
        return inNamespace(testClass, method).filter(n -> !Namespaces.HOST.equals(n)).isPresent();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        runIn(inNamespace(extensionContext.getRequiredTestClass(), invocationContext.getExecutable()),
                invocation, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runIn(inNamespace(extensionContext.getRequiredTestClass(), invocationContext.getExecutable()),
                invocation, extensionContext);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runIn(AnnotationSupport.findAnnotation(invocationContext.getExecutable(), InNamespace.class)
                .map(InNamespace::value), invocation, extensionContext);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runIn(AnnotationSupport.findAnnotation(invocationContext.getExecutable(), InNamespace.class)
                .map(InNamespace::value), invocation, extensionContext);
    }

    private void runIn(Optional<String> namespace, Invocation<Void> invocation, ExtensionContext context)
            throws Throwable {
        ExtensionContext.Store store = context.getStore(STORE);
        if (namespace.isEmpty() || Namespaces.HOST.equals(namespace.get()) || store.get(ownerKey(context)) != this) {
            invocation.proceed();
            return;
        }
        if (isVirtual(Thread.currentThread())) {
            throw new IllegalStateException("netns-junit cannot run " + context.getDisplayName() + " in netns "
                    + namespace.get() + " from virtual thread " + Thread.currentThread()
                    + ": a namespace belongs to an OS thread, and a virtual thread moves between carriers. "
                    + "Run the test on a platform thread (the default).");
        }
        LiveTopology live = store.get(TOPOLOGY, LiveTopology.class);
        NetNamespace ns = live.handle(namespace.get());
        // on a timeout, NamespaceThread attaches the stack of the pinned thread, taken before interrupting it
        ns.call(() -> {
            invocation.proceed();
            return null;
        });
    }

    private static boolean isVirtual(Thread t) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException e) {
            return false; // before Java 21 every thread is a platform thread
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return (type == NetNs.class || type == Topology.class)
                && extensionContext.getTestMethod().isPresent()
                && extensionContext.getStore(STORE).get(ownerKey(extensionContext)) == this;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        LiveTopology live = extensionContext.getStore(STORE).get(TOPOLOGY, LiveTopology.class);
        Parameter p = parameterContext.getParameter();
        if (live == null) {
            throw new ParameterResolutionException("netns-junit has no topology to inject into parameter "
                    + parameterName(p, parameterContext.getIndex())
                    + " of " + extensionContext.getDisplayName() + ": declare at least one @NetNamespace.");
        }
        if (p.getType() == Topology.class) {
            return live;
        }
        Optional<String> name = parameterContext.findAnnotation(Ns.class).map(Ns::value)
                .or(() -> inNamespace(extensionContext.getRequiredTestClass(), extensionContext.getRequiredTestMethod()));
        if (name.isEmpty()) {
            throw new ParameterResolutionException("parameter " + parameterName(p, parameterContext.getIndex()) + " of "
                    + extensionContext.getDisplayName()
                    + " is a NetNs but names no namespace: annotate it with @Ns(\"name\"), or run the test in one with"
                    + " @InNamespace(\"name\").");
        }
        return live.namespace(name.get());
    }

    /** The parameter's name when compiled with {@code -parameters}, else its position: "arg0" would say nothing. */
    private static String parameterName(Parameter p, int index) {
        return p.isNamePresent() ? p.getName() : "#" + (index + 1) + " (" + p.getType().getSimpleName() + ")";
    }
}
