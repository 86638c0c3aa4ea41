package io.github.netnsjunit.junit.internal.trace;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Internal: a probe that got no answer (or was refused) while the test itself had made the network misbehave: a
 * link condition, partition or block in force on the sender or on the namespace that owns the target. That is
 * the cause to name first — the path is not broken, the test asked for it.
 */
public final class FaultsExplainer implements TraceExplainer {
    private final Function<String, List<String>> faultsAffecting;

    /** @param faultsAffecting the conditions, partitions and blocks in force around a namespace, in words */
    public FaultsExplainer(Function<String, List<String>> faultsAffecting) {
        this.faultsAffecting = faultsAffecting;
    }

    @Override
    public Optional<Finding> explain(TraceEvidence e) {
        if (e.outcome() == TraceEvidence.Outcome.ANSWERED || e.outcome() == TraceEvidence.Outcome.NO_ROUTE
                || e.outcome() == TraceEvidence.Outcome.NOT_SENT) {
            return Optional.empty();
        }
        List<String> faults = new ArrayList<>(faultsAffecting.apply(e.from()));
        e.ownerNamespace(e.target()).map(NamespaceState::name).filter(n -> !n.equals(e.from()))
                .ifPresent(owner -> faultsAffecting.apply(owner).stream().filter(f -> !faults.contains(f))
                        .forEach(faults::add));
        if (faults.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(PathTrace.Cause.NETWORK_CONDITION,
                "the test made the network misbehave on the way from " + e.from() + " to "
                        + IpAddresses.format(e.target()) + ": " + String.join("; ", faults),
                "that is what the test declared: heal the partition (Partition.heal()), end the block (Block.close()) or"
                        + " clear the conditions (NetNs.clearConditions(link)) before expecting an answer, or assert"
                        + " the failure (cannotPing/cannotConnect)"));
    }
}
