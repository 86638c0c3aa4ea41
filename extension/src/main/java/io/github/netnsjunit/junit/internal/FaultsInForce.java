package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.NetNs;
import java.util.List;

/**
 * Internal: the link conditions, partitions and blocks in force around a namespace, as a sentence for assertion
 * failure messages ("why did this ping fail?"). Separate from the assertions so that they only append it.
 */
public final class FaultsInForce {
    private FaultsInForce() {
    }

    /**
     * {@code "; in force: conditions on veth1 in ns1 (packets leaving it): loss 100% [userspace engine] (hit 3
     * packets, 294 bytes); partition [ns1] | [ns0] (hit nothing)"}, or {@code ""} when nothing is in force (or
     * {@code ns} is not one of ours). What each fault hit tells a fault that caused the failure from one that met
     * none of its traffic.
     */
    public static String suffix(NetNs ns) {
        if (!(ns instanceof LiveNetNs live)) {
            return "";
        }
        List<String> faults = live.faultsInForceWithHits();
        return faults.isEmpty() ? "" : "; in force: " + String.join("; ", faults);
    }
}
