package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;

/** Checks {@code @Masquerade} and {@code @PortForward} declarations. */
final class NatChecks {

    private final ValidationContext context;

    NatChecks(ValidationContext context) {
        this.context = context;
    }

    /** The spec, or null when the declaration has a problem. */
    MasqueradeSpec check(Declaration.Masquerade d) {
        int before = context.problemCount();
        Origin origin = d.origin();
        if (context.checkNamespace(origin, "namespace", d.namespace())) {
            context.checkLinkReference(origin, "outInterface", d.namespace(), d.outInterface(),
                    "or leave it empty to masquerade on every interface");
        }
        IpPrefix source = null;
        try {
            source = IpPrefix.parse(d.source());
        } catch (IllegalArgumentException e) {
            context.report(origin, "source", "is " + quote(d.source()) + ", which is not a valid CIDR network: "
                    + e.getMessage() + ". Write the network to masquerade, e.g. \"192.168.88.0/24\".");
        }
        return context.problemCount() == before ? new MasqueradeSpec(d.namespace(), source, d.outInterface(), origin) : null;
    }

    /** The spec, or null when the declaration has a problem. */
    PortForwardSpec check(Declaration.PortForward d) {
        int before = context.problemCount();
        Origin origin = d.origin();
        if (context.checkNamespace(origin, "namespace", d.namespace())) {
            context.checkLinkReference(origin, "inInterface", d.namespace(), d.inInterface(),
                    "or leave it empty to forward from every interface");
        }
        // nftables matches the destination port in the transport header (th dport), at the same offset in all three
        String protocol = d.protocol().trim().toLowerCase(Locale.ROOT);
        if (!PORT_PROTOCOLS.contains(protocol)) {
            context.report(origin, "protocol", "is " + quote(d.protocol()) + ", but only \"tcp\", \"udp\" and \"sctp\""
                    + " have ports to forward. Use one of them.");
        }
        if (!validPort(d.port())) {
            context.report(origin, "port", "is " + d.port() + ", outside 1..65535. Use the port clients connect to, e.g. 8080.");
        }
        InetSocketAddress to = destination(origin, d.to());
        return context.problemCount() == before
                ? new PortForwardSpec(d.namespace(), protocol, d.port(), to, d.inInterface(), origin)
                : null;
    }

    private InetSocketAddress destination(Origin origin, String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        // An IPv6 address must be bracketed, or its last group would be read as the port.
        boolean bracketed = t.startsWith("[");
        if (colon < 0 || (bracketed && t.lastIndexOf(']') != colon - 1) || (!bracketed && t.indexOf(':') != colon)) {
            return badDestination(origin, text, "it has no port, or an IPv6 address without brackets");
        }
        InetAddress address;
        try {
            address = IpAddresses.parse(t.substring(0, colon));
        } catch (IllegalArgumentException e) {
            return badDestination(origin, text, e.getMessage());
        }
        String portText = t.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            return badDestination(origin, text, "the port " + quote(portText) + " is not a number");
        }
        if (!validPort(port)) {
            return badDestination(origin, text, "the port " + port + " is outside 1..65535");
        }
        return new InetSocketAddress(address, port);
    }

    private InetSocketAddress badDestination(Origin origin, String text, String reason) {
        context.report(origin, "to", "is " + quote(text) + ", which is not ADDRESS:PORT (" + reason
                + "). Write e.g. \"192.168.88.12:80\", or \"[fd00::12]:80\" for IPv6.");
        return null;
    }

    private static final Set<String> PORT_PROTOCOLS = Set.of("tcp", "udp", "sctp");

    private static boolean validPort(int port) {
        return port >= 1 && port <= 65535;
    }
}
