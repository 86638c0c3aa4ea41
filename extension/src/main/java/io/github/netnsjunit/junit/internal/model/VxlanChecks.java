package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks {@code @Vxlan} declarations. */
final class VxlanChecks {
    /** The VNI is 24 bits on the wire (RFC 7348). */
    private static final int MAX_VNI = 0xFFFFFF;

    private final ValidationContext context;
    /** namespace/vni/port -> the first VXLAN link declared with them. */
    private final Map<String, Declaration.Vxlan> byVni = new HashMap<>();

    VxlanChecks(ValidationContext context) {
        this.context = context;
    }

    /** The spec, or null when the declaration has a problem. */
    VxlanSpec check(Declaration.Vxlan d) {
        int before = context.problemCount();
        Origin origin = d.origin();
        boolean nameOk = context.checkLinkName(origin, "name", d.name());
        boolean nsOk = context.checkNamespace(origin, "namespace", d.namespace())
                && StackedLinkRules.checkNotHost(context, origin, "namespace", "VXLAN links", d.namespace());
        if (nameOk && nsOk) {
            context.claimLink(origin, "name", d.namespace(), d.name());
        }
        if (d.vni() < 0 || d.vni() > MAX_VNI) {
            context.report(origin, "vni", "is " + d.vni() + ", outside 0.." + MAX_VNI + " (the VNI has 24 bits). "
                    + "Use the same VNI on every endpoint of one overlay, e.g. 42.");
        }
        if (d.port() < 1 || d.port() > 65535) {
            context.report(origin, "port", "is " + d.port() + ", not a UDP port (1..65535). Use 4789 (IANA's VXLAN "
                    + "port, the default) or 8472 (Linux's older default, flannel's).");
        }
        InetAddress local = address(origin, "local", d.local());
        InetAddress remote = address(origin, "remote", d.remote());
        InetAddress group = address(origin, "group", d.group());
        if (remote != null && group != null) {
            context.report(origin, "group", "is given together with attribute 'remote'. A VXLAN link sends to one "
                    + "remote endpoint or to one multicast group: keep one of them.");
        } else if (remote != null && remote.isMulticastAddress()) {
            context.report(origin, "remote", "is " + quote(d.remote()) + ", a multicast address. Give it as "
                    + "attribute 'group' (with 'device'), or use the remote endpoint's unicast address.");
        } else if (group != null && !group.isMulticastAddress()) {
            context.report(origin, "group", "is " + quote(d.group()) + ", which is not a multicast address. Use "
                    + "e.g. \"239.1.1.1\", or give a unicast endpoint as attribute 'remote'.");
        } else if (group != null && d.device().isEmpty()) {
            context.report(origin, "device", "is empty, but a multicast group needs the underlay link to join it "
                    + "on (the kernel refuses: \"Local interface required for multicast remote destination\"). Name "
                    + "the underlay link of namespace " + quote(d.namespace()) + ".");
        }
        InetAddress destination = remote != null ? remote : group;
        if (local != null && destination != null
                && (local instanceof Inet6Address) != (destination instanceof Inet6Address)) {
            context.report(origin, "local", "is " + quote(d.local()) + ", but the " + (remote != null ? "remote" : "group")
                    + " is " + IpAddresses.format(destination) + ": both ends of the outer packets must be one IP "
                    + "family. Use addresses of one family.");
        }
        if (local != null && nsOk) {
            checkLocal(origin, d.namespace(), d.local(), local);
        }
        if (nsOk && !d.device().isEmpty()) {
            StackedLinkRules.checkLinkOf(context, origin, "device", d.namespace(), d.device(), "The underlay device",
                    "namespace", EnumSet.of(LinkEnd.Kind.VETH, LinkEnd.Kind.BRIDGE, LinkEnd.Kind.MACVLAN), d.name());
        }
        if (nsOk && !d.master().isEmpty() && context.index.kind(d.namespace(), d.master()) != LinkEnd.Kind.BRIDGE) {
            List<String> bridges = context.index.bridgesIn(d.namespace());
            context.report(origin, "master", "names " + quote(d.master()) + ", which is not a bridge in namespace "
                    + quote(d.namespace()) + ". Declare " + (origin.isBuilder() ? ".bridge(" : "@Bridge(name = ")
                    + quote(d.master()) + (origin.isBuilder() ? ", " : ", namespace = ") + quote(d.namespace()) + ")"
                    + (bridges.isEmpty() ? "" : ", or use one of its bridges: "
                    + bridges.stream().map(Origin::quote).collect(Collectors.joining(", ")))
                    + ", or leave it empty to attach to no bridge.");
        }
        StackedLinkRules.checkMtu(context, origin, d.mtu(), "the kernel's (the underlay's MTU minus 50)");
        if (nsOk && context.problemCount() == before) {
            Declaration.Vxlan first = byVni.putIfAbsent(d.namespace() + "/" + d.vni() + "/" + d.port(), d);
            if (first != null) {
                context.report(origin, "vni", "is " + d.vni() + ", which " + first.origin() + " (link "
                        + quote(first.name()) + ") already uses on port " + d.port() + " in namespace "
                        + quote(d.namespace()) + "; the kernel refuses a second VXLAN link with one VNI and port "
                        + "in a namespace (\"A VXLAN device with the specified VNI already exists\"). Use another VNI,"
                        + " or one link with more FDB entries.");
            }
        }
        List<IpPrefix> addresses = context.interfaceAddresses(origin, "address", d.namespace(), d.name(), d.addresses());
        if (context.problemCount() != before) {
            return null;
        }
        return new VxlanSpec(d.name(), d.namespace(), d.vni(), local, destination, d.device(), d.port(), d.learning(),
                addresses, d.master(), d.mtu(), origin);
    }

    private InetAddress address(Origin origin, String attribute, String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return IpAddresses.parse(text);
        } catch (IllegalArgumentException e) {
            context.report(origin, attribute, "is " + quote(text) + ", which is not an IP address literal. Write e.g. "
                    + "\"10.0.0.1\" or \"fd00::1\" (no prefix length), or leave it empty.");
            return null;
        }
    }

    /** The kernel binds the tunnel's socket to {@code local} when the link goes up: it must be ours there. */
    private void checkLocal(Origin origin, String namespace, String text, InetAddress local) {
        List<IpPrefix> own = context.index.connectedIn(namespace);
        if (own.stream().anyMatch(p -> p.address().equals(local))) {
            return;
        }
        context.report(origin, "local", "is " + quote(text) + ", which no declared link of namespace "
                + quote(namespace) + " has; the kernel could not bind the tunnel to it (EADDRNOTAVAIL when the link "
                + "goes up). Use one of its addresses" + (own.isEmpty() ? "" : ": " + own.stream()
                .map(p -> quote(IpAddresses.format(p.address()))).collect(Collectors.joining(", ")))
                + ", or leave it empty.");
    }
}
