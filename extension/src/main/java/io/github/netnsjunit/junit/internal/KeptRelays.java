package io.github.netnsjunit.junit.internal;

import java.util.List;
import java.util.Optional;

/**
 * Internal: what a kept topology ({@code keepOnFailure}) no longer does. Links carried by the userspace relay have no
 * kernel path between their ends: the relay's threads and packet sockets belong to the test's JVM and end with the
 * test, so in the kept namespaces no frame crosses those links (not even ARP). The hint says so, naming the links,
 * instead of leaving a person to find a dead link that worked in the test.
 */
public final class KeptRelays {
    private KeptRelays() {
    }

    /** The note for the kept-namespace hint; empty when no link was relayed. */
    public static Optional<String> note(LiveTopology live) {
        LiveConditions conditions = live.liveConditions();
        List<String> links = conditions == null ? List.of() : conditions.relayedLinks();
        if (links.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Not as in the test: " + String.join(", ", links) + (links.size() == 1 ? " was" : " were")
                + " carried by the userspace relay of netns-junit's conditions, which ran in the test's JVM and has"
                + " ended: in the kept namespaces no frame crosses " + (links.size() == 1 ? "that link" : "those links")
                + " (pings and ARP get no answer). Everything else is as the test left it. To keep such links"
                + " working, run with netns.junit.conditions.engine=kernel (needs sch_netem).");
    }
}
