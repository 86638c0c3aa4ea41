package io.github.netnsjunit.junit.internal.model;

import java.util.List;

/**
 * Internal: {@code bothWays} never reaches into the host. A veth end in a test namespace whose peer is in
 * {@code "host"} may have conditions of its own, but {@code bothWays = true} would put the same qdisc on the host
 * end, which {@code @LinkConditions(namespace = "host")} already refuses: the machine's own namespace is never shaped.
 */
final class ConditionPeers {
    private ConditionPeers() {
    }

    static void refuseHostPeers(List<LinkConditionsSpec> conditions, List<VethSpec> veths, ValidationContext context) {
        for (LinkConditionsSpec c : conditions) {
            if (!c.bothWays()) {
                continue;
            }
            for (VethSpec v : veths) {
                String peer = null;
                if (v.namespace().equals(c.namespace()) && v.name().equals(c.link())
                        && Namespaces.HOST.equals(v.peerNamespace())) {
                    peer = v.peer();
                } else if (v.peerNamespace().equals(c.namespace()) && v.peer().equals(c.link())
                        && Namespaces.HOST.equals(v.namespace())) {
                    peer = v.name();
                }
                if (peer != null) {
                    context.report(c.origin(), "bothWays", "is true, but the veth peer of " + Origin.quote(c.link())
                            + " is " + Origin.quote(peer) + " in \"host\", the machine's own namespace, where"
                            + " conditions are never applied. Set bothWays = false, or put the peer's end in a"
                            + " @NetNamespace of the test.");
                }
            }
        }
    }
}
