package io.github.netnsjunit.junit;

import java.util.Objects;
import org.junit.jupiter.api.extension.Extension;

/**
 * The JUnit Jupiter extension that builds the declared network topology before each test, runs the test
 * inside the namespace it names, and tears everything down afterwards.
 *
 * <p>Registered automatically by the topology annotations ({@link NetNamespace}, {@link VethPair},
 * {@link Bridge}, {@link Route}, {@link Masquerade}, {@link PortForward}, {@link InNamespace}); register it
 * yourself with {@link #withTopology(NetworkTopology)} for a topology built in code.
 */
public final class NetnsExtension implements Extension {

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
}
