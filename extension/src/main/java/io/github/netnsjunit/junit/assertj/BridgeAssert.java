package io.github.netnsjunit.junit.assertj;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.netlink.addr.MacAddress;
import io.github.netnsjunit.netlink.route.FdbEntry;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a bridge's forwarding database ({@code bridge fdb show br NAME}). */
public final class BridgeAssert extends AbstractAssert<BridgeAssert, NetNs> {
    private final String bridge;

    BridgeAssert(NetNs namespace, String bridge) {
        super(namespace, BridgeAssert.class);
        this.bridge = bridge;
    }

    /** The bridge has learned this MAC from traffic on one of its ports. */
    public BridgeAssert hasLearned(String mac) {
        return hasLearned(MacAddress.parse(mac));
    }

    /** The bridge has learned this MAC from traffic on one of its ports. */
    public BridgeAssert hasLearned(MacAddress mac) {
        List<FdbEntry> fdb = actual.fdb(bridge);
        if (fdb.stream().noneMatch(e -> mac.equals(e.mac()) && e.isLearned())) {
            failWithMessage("expected bridge %s in %s to have learned %s, but its learned entries are: %s", bridge,
                    actual.name(), mac, describeLearned(fdb));
        }
        return this;
    }

    /** The bridge has not learned this MAC. */
    public BridgeAssert hasNotLearned(MacAddress mac) {
        List<FdbEntry> fdb = actual.fdb(bridge);
        if (fdb.stream().anyMatch(e -> mac.equals(e.mac()) && e.isLearned())) {
            failWithMessage("expected bridge %s in %s not to have learned %s, but it has", bridge, actual.name(), mac);
        }
        return this;
    }

    private static String describeLearned(List<FdbEntry> fdb) {
        List<FdbEntry> learned = fdb.stream().filter(FdbEntry::isLearned).toList();
        return learned.isEmpty() ? "none" : learned.stream().map(e -> e.mac().toString()).collect(Collectors.joining(", "));
    }
}
