package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.addr.MacAddress;
import java.util.List;
import java.util.stream.Collectors;

/** Checks {@code @VethPair} and {@code @Bridge} declarations. */
final class LinkChecks {

    /** IPv4's minimum MTU (RFC 791) and the largest the kernel's 16-bit IP length field allows. */
    private static final int MIN_MTU = 68;
    private static final int MAX_MTU = 65535;

    private final ValidationContext context;

    LinkChecks(ValidationContext context) {
        this.context = context;
    }

    /** The spec, or null when the declaration has a problem. */
    VethSpec check(Declaration.Veth d) {
        int before = context.problemCount();
        Origin origin = d.origin();
        boolean nameOk = context.checkLinkName(origin, "name", d.name());
        boolean peerOk = context.checkLinkName(origin, "peer", d.peer());
        boolean nsKnown = context.checkNamespace(origin, "namespace", d.namespace());
        boolean peerNsKnown = context.checkNamespace(origin, "peerNamespace", d.peerNamespace());
        boolean sameEnd = d.name().equals(d.peer()) && d.namespace().equals(d.peerNamespace());
        if (sameEnd) {
            context.report(origin, "peer", "is " + quote(d.peer()) + ", the same as attribute 'name', and both ends are in namespace "
                    + quote(d.namespace()) + ". The two ends of a veth pair need different names in one namespace: "
                    + "rename one end, or put the peer in another namespace.");
        }
        if (nameOk && nsKnown) {
            context.claimLink(origin, "name", d.namespace(), d.name());
        }
        if (peerOk && peerNsKnown && !sameEnd) {
            context.claimLink(origin, "peer", d.peerNamespace(), d.peer());
        }
        List<IpPrefix> addresses = context.interfaceAddresses(origin, "address", d.namespace(), d.name(), d.addresses());
        List<IpPrefix> peerAddresses = context.interfaceAddresses(origin, "peerAddress", d.peerNamespace(), d.peer(),
                d.peerAddresses());
        if (nsKnown) {
            checkMaster(origin, "master", d.namespace(), d.master());
        }
        if (peerNsKnown) {
            checkMaster(origin, "peerMaster", d.peerNamespace(), d.peerMaster());
        }
        if (d.mtu() != 0 && (d.mtu() < MIN_MTU || d.mtu() > MAX_MTU)) {
            context.report(origin, "mtu", "is " + d.mtu() + ", outside " + MIN_MTU + ".." + MAX_MTU
                    + ". Use 0 for the kernel's default (1500), or a value such as 1400.");
        }
        if (d.peerMtu() != 0 && (d.peerMtu() < MIN_MTU || d.peerMtu() > MAX_MTU)) {
            context.report(origin, "peerMtu", "is " + d.peerMtu() + ", outside " + MIN_MTU + ".." + MAX_MTU
                    + ". Use 0 for the same MTU as mtu, or a value such as 1400.");
        }
        MacAddress mac = mac(origin, "mac", d.mac());
        MacAddress peerMac = mac(origin, "peerMac", d.peerMac());
        if (context.problemCount() != before) {
            return null;
        }
        return new VethSpec(d.name(), d.namespace(), addresses, d.peer(), d.peerNamespace(), peerAddresses,
                d.master(), d.peerMaster(), d.mtu(), mac, peerMac, origin, d.peerMtu());
    }

    /** The spec, or null when the declaration has a problem. */
    BridgeSpec check(Declaration.Bridge d) {
        int before = context.problemCount();
        Origin origin = d.origin();
        boolean nameOk = context.checkLinkName(origin, "name", d.name());
        boolean nsKnown = context.checkNamespace(origin, "namespace", d.namespace());
        if (nameOk && nsKnown) {
            context.claimLink(origin, "name", d.namespace(), d.name());
        }
        List<IpPrefix> addresses = context.interfaceAddresses(origin, "address", d.namespace(), d.name(), d.addresses());
        if (d.mtu() != 0 && (d.mtu() < MIN_MTU || d.mtu() > MAX_MTU)) {
            context.report(origin, "mtu", "is " + d.mtu() + ", outside " + MIN_MTU + ".." + MAX_MTU
                    + ". Use 0 to follow the ports' MTU, or a value such as 1400.");
        }
        return context.problemCount() == before
                ? new BridgeSpec(d.name(), d.namespace(), addresses, d.mtu(), origin) : null;
    }

    private void checkMaster(Origin origin, String attribute, String namespace, String master) {
        // In the JVM's namespace the master may be an existing bridge of the machine (docker0, virbr0...).
        if (master.isEmpty() || namespace.equals(Namespaces.HOST) || LinkEnd.Kind.BRIDGE.words().equals(context.index.kindOf(namespace, master))) {
            return;
        }
        String kind = context.index.kindOf(namespace, master);
        String what = kind == null
                ? "which is not a bridge in namespace " + quote(namespace)
                : "which is " + kind + " in namespace " + quote(namespace) + ", not a bridge";
        String declare = origin.isBuilder()
                ? ".bridge(" + quote(master) + ", " + quote(namespace) + ")"
                : "@Bridge(name = " + quote(master) + ", namespace = " + quote(namespace) + ")";
        List<String> bridges = context.index.bridgesIn(namespace);
        String existing = bridges.isEmpty()
                ? ""
                : ", or use one of its bridges: " + bridges.stream().map(Origin::quote).collect(Collectors.joining(", "));
        context.report(origin, attribute, "names " + quote(master) + ", " + what + ". Declare " + declare
                + existing + ", or leave it empty to attach to no bridge.");
    }

    private MacAddress mac(Origin origin, String attribute, String text) {
        if (text.isEmpty()) {
            return null;
        }
        MacAddress mac;
        try {
            mac = MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            context.report(origin, attribute, "is " + quote(text) + ", which is not a MAC address. Write six hex octets, "
                    + "e.g. \"02:00:00:00:00:01\", or leave it empty for a random one.");
            return null;
        }
        if (mac.isMulticast()) {
            byte[] b = mac.bytes();
            b[0] = (byte) ((b[0] & 0xfe) | 0x02);
            context.report(origin, attribute, "is " + quote(text) + ", a multicast address (lowest bit of the first octet set), "
                    + "which an interface cannot have. Use a unicast, locally administered address such as "
                    + quote(MacAddress.of(b).toString()) + ".");
            return null;
        }
        if (mac.equals(MacAddress.of(new byte[6]))) {
            context.report(origin, attribute, "is " + quote(text) + ", the all-zero address, which the kernel refuses for "
                    + "an interface. Use e.g. \"02:00:00:00:00:01\", or leave it empty for a random one.");
            return null;
        }
        return mac;
    }
}
