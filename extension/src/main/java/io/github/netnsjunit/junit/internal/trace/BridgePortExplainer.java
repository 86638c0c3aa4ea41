package io.github.netnsjunit.junit.internal.trace;

import static io.github.netnsjunit.junit.internal.trace.Words.f;
import static io.github.netnsjunit.junit.internal.trace.Words.q;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.RouteEntry;
import java.util.Optional;

/**
 * Internal: seed 2. The sender's address sits on a port of a bridge ({@code brctl addif br0 veth0-0} with the
 * address left on veth0-0): the bridge's receive handler takes every frame the port receives, so the ARP reply
 * (and every reply after it) goes to the bridge, which does not hold the address, and the port never learns the
 * peer's MAC.
 */
final class BridgePortExplainer implements TraceExplainer {
    @Override
    public Optional<Finding> explain(TraceEvidence e) {
        NamespaceState src = e.source();
        Optional<Link> out = e.sourceInterface() != null ? src.link(e.sourceInterface())
                : src.routeTo(e.target()).map(RouteEntry::outIndex).flatMap(src::link);
        if (out.isEmpty() || out.get().master() == 0) {
            return Optional.empty();
        }
        Link port = out.get();
        Optional<Address> address = src.addresses().stream().filter(a -> a.index() == port.index()
                && a.prefix().network().contains(e.target())).findFirst();
        if (address.isEmpty()) {
            return Optional.empty();
        }
        String bridge = src.linkName(port.master());
        boolean replySeen = e.packets().stream().anyMatch(p -> p.namespace().equals(src.name())
                && p.link().equals(port.name()) && !p.outgoing()
                && (p.isNeighbourReply() || p.kind() == Packet.Kind.ECHO_REPLY));
        String cidr = address.get().prefix().toString();
        String sentence = cidr + " is on " + port.name() + " in " + src.name() + ", a port of bridge " + bridge
                + ": the bridge takes every frame " + port.name() + " receives, so the replies of " + f(e.target())
                + (replySeen ? " (they did arrive on " + port.name() + ")" : "") + " go to " + bridge
                + ", which does not hold the address, and never reach it";
        String fix = "move the address to the bridge: @Bridge(name = " + q(bridge) + ", namespace = " + q(src.name())
                + ", address = " + q(cidr) + ") and no address on " + port.name()
                + " (the seed: ip addr del " + cidr + " dev " + port.name() + "; ip addr add " + cidr + " dev "
                + bridge + ")";
        return Optional.of(new Finding(PathTrace.Cause.ADDRESS_ON_BRIDGE_PORT, sentence, fix));
    }
}
