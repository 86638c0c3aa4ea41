package io.github.netnsjunit.junit;

import io.github.netnsjunit.junit.internal.StandaloneTopology;
import io.github.netnsjunit.junit.internal.TopologyFactory;
import io.github.netnsjunit.junit.internal.declaration.ValidatedTopologies;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link NetworkTopology} validated once, to be built in the kernel outside a JUnit test, as often as needed:
 * in a benchmark, a demo, a {@code main} method or a test framework of your own.
 * <pre>{@code
 * TopologyPlan plan = TopologyPlan.of(NetworkTopology.builder()
 *         .namespace("ns0")
 *         .namespace("ns1")
 *         .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("172.18.0.2/24").peerAddress("172.18.0.3/24"))
 *         .build());
 * try (BuiltTopology t = plan.build()) {
 *     t.namespace("ns0").ping("172.18.0.3");
 * }
 * }</pre>
 * Validation is the extension's: every problem of the declarations is reported at once, before anything is
 * created. Building is the extension's too (the same netlink requests, the same wait until links carry traffic, the
 * same complete teardown), without what belongs to a test run: no captures, no failure diagnostics, no report
 * entries. Needs what the extension needs: CAP_SYS_ADMIN and CAP_NET_ADMIN (root, or a user namespace that has
 * them). Immutable and thread-safe; each {@link #build()} makes a new, independent topology whose namespaces
 * have no name in the host ({@code ip netns list} does not show them), so builds of one plan may exist at once.
 */
public final class TopologyPlan {
    /** The extension's default for {@code netns.junit.readyTimeoutMillis}. */
    private static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(5);

    private final NetworkTopology topology;
    private final TopologyModel model;

    private TopologyPlan(NetworkTopology topology, TopologyModel model) {
        this.topology = topology;
        this.model = model;
    }

    /**
     * Validates {@code topology}.
     *
     * @throws TopologyDeclarationException listing every problem, headed by the class that called
     *         {@link NetworkTopology#builder()}
     * @throws IllegalArgumentException when the topology uses the {@code "host"} namespace: changes there are
     *         serialised between tests and JVMs by the extension's host lock, which a plan does not take; declare
     *         such topologies on a test
     */
    public static TopologyPlan of(NetworkTopology topology) {
        Objects.requireNonNull(topology, "topology");
        TopologyModel model = ValidatedTopologies.validate(topology.declarations(),
                topology.declaringClass().orElse(null));
        if (model.touchesHost()) {
            throw new IllegalArgumentException("TopologyPlan.of(" + topology + "): the topology uses the \"host\""
                    + " namespace; a plan builds only new namespaces, since changes to the host are serialised by"
                    + " the extension's host lock, between tests and JVMs. Declare this topology on a test"
                    + " (annotations or NetnsExtension.withTopology), or leave \"host\" out of it.");
        }
        return new TopologyPlan(topology, model);
    }

    /** Builds the topology, waiting up to 5 s (the extension's default) for its links to carry traffic. */
    public BuiltTopology build() {
        return build(DEFAULT_READY_TIMEOUT);
    }

    /**
     * Builds the topology, waiting up to {@code readyTimeout} for its links to carry traffic. On failure, what was
     * made is removed before the error is thrown.
     *
     * @throws IllegalArgumentException when {@code readyTimeout} is not positive
     */
    public BuiltTopology build(Duration readyTimeout) {
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        if (readyTimeout.isNegative() || readyTimeout.isZero()) {
            throw new IllegalArgumentException("readyTimeout must be positive, was " + readyTimeout);
        }
        return new StandaloneTopology(new TopologyFactory(readyTimeout).build(model));
    }

    /** The topology as declared. */
    public NetworkTopology topology() {
        return topology;
    }

    @Override
    public String toString() {
        return "TopologyPlan[" + topology + "]";
    }
}
