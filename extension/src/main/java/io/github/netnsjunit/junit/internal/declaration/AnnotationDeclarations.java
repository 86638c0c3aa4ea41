package io.github.netnsjunit.junit.internal.declaration;

import io.github.netnsjunit.junit.internal.model.TrafficScope;
import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.HostEntry;
import io.github.netnsjunit.junit.LinkConditions;
import io.github.netnsjunit.junit.Macvlan;
import io.github.netnsjunit.junit.Masquerade;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.PolicyRule;
import io.github.netnsjunit.junit.PortForward;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.junit.Vxlan;
import io.github.netnsjunit.junit.internal.model.Declaration;
import io.github.netnsjunit.junit.internal.model.Origin;
import java.util.List;
import java.util.Locale;

/**
 * Turns one annotation into a {@link Declaration}, with the short form that identifies it in messages
 * (just enough attributes to find it in the source, not all of them).
 */
final class AnnotationDeclarations {

    private AnnotationDeclarations() {
    }

    static Declaration of(NetNamespace a, String where) {
        Origin origin = new Origin("@NetNamespace(" + quote(a.value()) + ")", where);
        return new Declaration.Namespace(a.value(), a.loopback(), List.of(a.sysctl()), List.of(a.hostnames()), origin);
    }

    static Declaration of(HostEntry a, String where) {
        Origin origin = new Origin("@HostEntry(name = " + quote(a.name()) + ")", where);
        return new Declaration.HostEntry(a.name(), a.address(), origin);
    }

    static Declaration of(VethPair a, String where) {
        Origin origin = new Origin("@VethPair(name = " + quote(a.name()) + ")", where);
        return new Declaration.Veth(a.name(), a.namespace(), List.of(a.address()), a.peer(), a.peerNamespace(),
                List.of(a.peerAddress()), a.master(), a.peerMaster(), a.mtu(), a.mac(), a.peerMac(), origin,
                a.peerMtu());
    }

    static Declaration of(Bridge a, String where) {
        Origin origin = new Origin("@Bridge(name = " + quote(a.name()) + ")", where);
        return new Declaration.Bridge(a.name(), a.namespace(), List.of(a.address()), a.mtu(), origin);
    }

    static Declaration of(Macvlan a, String where) {
        Origin origin = new Origin("@Macvlan(name = " + quote(a.name()) + ")", where);
        return new Declaration.Macvlan(a.name(), a.namespace(), a.parent(), a.parentNamespace(),
                a.mode().name().toLowerCase(Locale.ROOT), List.of(a.address()), a.mtu(), origin);
    }

    static Declaration of(Vxlan a, String where) {
        Origin origin = new Origin("@Vxlan(name = " + quote(a.name()) + ")", where);
        return new Declaration.Vxlan(a.name(), a.namespace(), a.vni(), a.local(), a.remote(), a.group(), a.device(),
                a.port(), a.learning(), List.of(a.address()), a.master(), a.mtu(), origin);
    }

    static Declaration of(Route a, String where) {
        Origin origin = new Origin(
                "@Route(namespace = " + quote(a.namespace()) + ", to = " + quote(a.to()) + ")", where);
        return new Declaration.Route(a.namespace(), a.to(), a.via(), a.dev(), a.table(), origin);
    }

    static Declaration of(PolicyRule a, String where) {
        Origin origin = new Origin("@PolicyRule(namespace = " + quote(a.namespace()) + ", table = " + a.table() + ")",
                where);
        return new Declaration.PolicyRule(a.namespace(), a.from(), a.to(), a.fwmark(), a.iif(), a.oif(), a.priority(),
                a.table(), origin);
    }

    static Declaration of(Masquerade a, String where) {
        Origin origin = new Origin(
                "@Masquerade(namespace = " + quote(a.namespace()) + ", source = " + quote(a.source()) + ")", where);
        return new Declaration.Masquerade(a.namespace(), a.source(), a.outInterface(), origin);
    }

    static Declaration of(PortForward a, String where) {
        Origin origin = new Origin("@PortForward(namespace = " + quote(a.namespace()) + ", protocol = "
                + quote(a.protocol()) + ", port = " + a.port() + ")", where);
        return new Declaration.PortForward(a.namespace(), a.protocol(), a.port(), a.to(), a.inInterface(), origin);
    }

    static Declaration of(LinkConditions a, String where) {
        Origin origin = new Origin("@LinkConditions(namespace = " + quote(a.namespace()) + ", link = " + quote(a.link())
                + ")", where);
        return new Declaration.LinkConditions(a.namespace(), a.link(), a.delay(), a.jitter(), a.loss(), a.duplicate(),
                a.reorder(), a.corrupt(), a.rate(), a.limit(), a.bothWays(), a.seed(), origin,
                new TrafficScope(a.to(), a.from(), a.protocol().name(),
                        a.port(), a.toPort(), a.fromPort(), a.direction().name()), a.burstLoss());
    }
}
