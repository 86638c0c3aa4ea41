package io.github.netnsjunit.junit.internal.model;

import java.util.Set;
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

    /**
     * Moves conditions declared for packets arriving at a veth end onto its peer (packets arriving at one end are
     * those leaving the other), with the same match (it describes those packets); a link without a veth peer
     * cannot take them.
     */
    static void resolveArriving(List<LinkConditionsSpec> conditions, Set<LinkConditionsSpec> arriving,
            List<VethSpec> veths, ValidationContext context) {
        conditions.replaceAll(c -> {
            if (!arriving.contains(c)) {
                return c;
            }
            for (VethSpec v : veths) {
                if (v.namespace().equals(c.namespace()) && v.name().equals(c.link())) {
                    return peer(c, v.peerNamespace(), v.peer(), context);
                }
                if (v.peerNamespace().equals(c.namespace()) && v.peer().equals(c.link())) {
                    return peer(c, v.namespace(), v.name(), context);
                }
            }
            context.report(c.origin(), "direction", "is ARRIVING, but " + Origin.quote(c.link()) + " in namespace "
                    + Origin.quote(c.namespace()) + " is no veth end, so no peer's leaving packets are its arriving"
                    + " ones. Put the conditions on the link the packets leave, with direction = LEAVING.");
            return c;
        });
    }

    private static LinkConditionsSpec peer(LinkConditionsSpec c, String namespace, String link,
            ValidationContext context) {
        if (Namespaces.HOST.equals(namespace)) {
            context.report(c.origin(), "direction", "is ARRIVING, but the veth peer of " + Origin.quote(c.link())
                    + " is " + Origin.quote(link) + " in \"host\", the machine's own namespace, where conditions are"
                    + " never applied. Use direction = LEAVING, or put the peer's end in a @NetNamespace of the test.");
            return c;
        }
        return c.at(namespace, link);
    }
}
