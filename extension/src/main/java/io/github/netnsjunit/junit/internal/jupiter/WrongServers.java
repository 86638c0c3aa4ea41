package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.internal.LiveTopology;
import io.github.netnsjunit.junit.internal.JvmTcpSnapshots;
import io.github.netnsjunit.junit.internal.WrongServerCheck;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Internal: runs {@link WrongServerCheck} around a test body (a test method, or one invocation of a test template:
 * {@code @ParameterizedTest}, {@code @RepeatedTest}) whose code runs in a topology namespace
 * ({@code @InNamespace}), and fails a body that passed but reached a server of the JVM's namespace instead of the
 * test's.
 */
final class WrongServers {
    /** The body, as JUnit's invocation: may throw anything. */
    interface Body {
        void run() throws Throwable;
    }

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(WrongServers.class);

    private WrongServers() {
    }

    static void around(Body body, Method method, ExtensionContext context, boolean primary) throws Throwable {
        Optional<String> namespace = Placement.perTest(ExtensionInstances.classContext(context).getRequiredTestClass(),
                method);
        Optional<LiveTopology> live = TestNetwork.nearest(context).flatMap(TestNetwork::live);
        if (!primary || !Placement.isTestNamespace(namespace) || live.isEmpty()) {
            body.run();
            return;
        }
        JvmTcpSnapshots snapshots = context.getRoot().getStore(STORE).getOrComputeIfAbsent(JvmTcpSnapshots.class,
                k -> new JvmTcpSnapshots(), JvmTcpSnapshots.class);
        WrongServerCheck check = WrongServerCheck.start(snapshots);
        body.run(); // a body that failed has its explanation from FailureReport
        Optional<String> wrong = check.finish(namespace.get(), live.get().namespaces());
        if (wrong.isPresent()) {
            throw new AssertionFailedError("netns-junit: " + wrong.get());
        }
    }
}
