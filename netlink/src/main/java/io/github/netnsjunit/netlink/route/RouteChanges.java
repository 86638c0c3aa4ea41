package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.addr.MacAddress;
import io.github.netnsjunit.netlink.msg.MessageWriter;
import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import java.net.InetAddress;

/**
 * rtnetlink changes queued into one datagram: the kernel applies them in order and acknowledges each, so a whole
 * namespace can be configured with one {@code sendto}. Links are named by ifindex where the kernel needs one
 * (addresses, routes, masters); choose ifindexes when creating links to configure them in the same batch.
 */
public final class RouteChanges {
    private static final int CREATE = Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL;

    private final RequestBatch batch;

    RouteChanges(NetlinkSocket socket) {
        this(socket.batch());
    }

    /**
     * Writes the changes into {@code batch}: one of a route socket ({@code NetlinkSocket.batch()}), or an offline one
     * ({@link RequestBatch#offline}) to compare the bytes with {@code ip}'s. Traffic control requests
     * ({@code tc.TrafficControl}) can join the same batch: both are rtnetlink, one datagram.
     */
    public RouteChanges(RequestBatch batch) {
        this.batch = java.util.Objects.requireNonNull(batch, "batch");
    }

    /** The batch the changes are written into; its {@link RequestBatch#bytes()} is the datagram. */
    public RequestBatch batch() {
        return batch;
    }

    /**
     * Creates a link ({@code ip link add NAME index INDEX type KIND}).
     *
     * @param index ifindex to give it, or 0 to let the kernel choose
     * @param mtu   MTU, or 0 for the default
     * @param mac   MAC, or null for a random one
     */
    public RouteChanges addLink(String name, int index, LinkKind kind, int mtu, MacAddress mac) {
        batch.add(Rtnl.RTM_NEWLINK, CREATE, "RTM_NEWLINK " + name + " " + kind.describe(), w -> {
            IfInfoMsg.of(index).write(w);
            // iproute2's order (ip link add link P name N mtu M address A type K, strace): the options first, then
            // the lower link and the name, then IFLA_LINKINFO; the kernel takes any order, ours is ip's for bytes
            if (mtu > 0) {
                w.attrU32(Rtnl.IFLA_MTU, mtu);
            }
            if (mac != null) {
                w.attr(Rtnl.IFLA_ADDRESS, mac.bytes());
            }
            kind.writeLinkAttributes(w);
            w.attrString(Rtnl.IFLA_IFNAME, name);
            int info = w.beginNest(Rtnl.IFLA_LINKINFO | Netlink.NLA_F_NESTED);
            w.attrString(Rtnl.IFLA_INFO_KIND, kind.kind());
            if (kind.hasInfoData()) {
                int data = w.beginNest(Rtnl.IFLA_INFO_DATA | Netlink.NLA_F_NESTED);
                kind.writeInfoData(w);
                w.endNest(data);
            }
            w.endNest(info);
        });
        return this;
    }

    /** Brings a link up ({@code ip link set NAME up}); {@code index} 0 looks it up by name. */
    public RouteChanges linkUp(int index, String name) {
        return setFlags(index, name, Rtnl.IFF_UP, "up");
    }

    /** Takes a link down ({@code ip link set NAME down}); {@code index} 0 looks it up by name. */
    public RouteChanges linkDown(int index, String name) {
        return setFlags(index, name, 0, "down");
    }

    private RouteChanges setFlags(int index, String name, int flags, String word) {
        // ifi_change names exactly the bit we change; 0 would mean "replace all flags".
        batch.add(Rtnl.RTM_NEWLINK, 0, "RTM_NEWLINK " + name + " " + word, w -> link(w, index, name, flags, Rtnl.IFF_UP));
        return this;
    }

    /** Makes a link a port of a bridge ({@code ip link set PORT master BRIDGE}); master 0 detaches it. */
    public RouteChanges setMaster(int portIndex, String portName, int masterIndex, String masterName) {
        batch.add(Rtnl.RTM_NEWLINK, 0, "RTM_NEWLINK " + portName + (masterIndex == 0 ? " nomaster" : " master " + masterName),
                w -> link(w, portIndex, portName, 0, 0).attrU32(Rtnl.IFLA_MASTER, masterIndex));
        return this;
    }

    /** Sets a link's MTU ({@code ip link set NAME mtu MTU}). */
    public RouteChanges setMtu(int index, String name, int mtu) {
        batch.add(Rtnl.RTM_NEWLINK, 0, "RTM_NEWLINK " + name + " mtu " + mtu,
                w -> link(w, index, name, 0, 0).attrU32(Rtnl.IFLA_MTU, mtu));
        return this;
    }

    /** Sets a link's MAC ({@code ip link set NAME address MAC}). */
    public RouteChanges setMac(int index, String name, MacAddress mac) {
        batch.add(Rtnl.RTM_NEWLINK, 0, "RTM_NEWLINK " + name + " address " + mac,
                w -> link(w, index, name, 0, 0).attr(Rtnl.IFLA_ADDRESS, mac.bytes()));
        return this;
    }

    /** Moves a link into the namespace of {@code namespaceFd} ({@code ip link set NAME netns NS}). */
    public RouteChanges moveToNamespace(int index, String name, int namespaceFd, String namespaceName) {
        batch.add(Rtnl.RTM_NEWLINK, 0, "RTM_NEWLINK " + name + " netns " + namespaceName,
                w -> link(w, index, name, 0, 0).attrU32(Rtnl.IFLA_NET_NS_FD, namespaceFd));
        return this;
    }

    /** Deletes a link ({@code ip link del NAME}); deleting either end of a veth deletes both. */
    public RouteChanges deleteLink(int index, String name) {
        batch.add(Rtnl.RTM_DELLINK, 0, "RTM_DELLINK " + name, w -> link(w, index, name, 0, 0));
        return this;
    }

    /**
     * Adds an address ({@code ip addr add PREFIX dev NAME}); IPv4 gets IFA_LOCAL and a broadcast address, IPv6 is
     * added without duplicate address detection so that it is usable at once.
     */
    public RouteChanges addAddress(int index, String name, IpPrefix prefix) {
        batch.add(Rtnl.RTM_NEWADDR, CREATE, "RTM_NEWADDR " + prefix + " dev " + name, w -> writeAddress(w, index, prefix));
        return this;
    }

    /** Removes an address ({@code ip addr del PREFIX dev NAME}). */
    public RouteChanges deleteAddress(int index, String name, IpPrefix prefix) {
        batch.add(Rtnl.RTM_DELADDR, 0, "RTM_DELADDR " + prefix + " dev " + name, w -> writeAddress(w, index, prefix));
        return this;
    }

    private static void writeAddress(MessageWriter w, int index, IpPrefix prefix) {
        byte[] address = prefix.address().getAddress();
        IfAddrMsg.of(prefix, Rtnl.RT_SCOPE_UNIVERSE, index).write(w);
        if (prefix.isIpv4()) {
            w.attr(Rtnl.IFA_LOCAL, address);
            w.attr(Rtnl.IFA_ADDRESS, address);
            if (prefix.length() < 31) {
                byte[] broadcast = address.clone();
                byte[] mask = prefix.maskBytes();
                for (int i = 0; i < 4; i++) {
                    broadcast[i] = (byte) (broadcast[i] | ~mask[i]);
                }
                w.attr(Rtnl.IFA_BROADCAST, broadcast);
            }
        } else {
            // IFA_FLAGS (u32) supersedes the u8 ifa_flags; NODAD makes the address usable at once.
            w.attr(Rtnl.IFA_LOCAL, address);
            w.attrU32(Rtnl.IFA_FLAGS, Rtnl.IFA_F_NODAD);
        }
    }

    /**
     * Adds a route to the main table ({@code ip route add TO [via GATEWAY] [dev NAME]}).
     *
     * @param to      destination; length 0 for a default route
     * @param gateway next hop, or null for a device route
     * @param index   output ifindex, or 0 to let the kernel find it from the gateway
     * @param name    output link name for messages ("" if none)
     */
    public RouteChanges addRoute(IpPrefix to, InetAddress gateway, int index, String name) {
        batch.add(Rtnl.RTM_NEWROUTE, CREATE, "RTM_NEWROUTE " + describeRoute(to, gateway, name),
                w -> writeRoute(w, to, gateway, index));
        return this;
    }

    /**
     * Adds a route to routing table {@code table} ({@code ip route add ... table T}), for policy routing: ids up to
     * 255 go in rtm_table, larger ones in RTA_TABLE with rtm_table 0, as iproute2 does.
     */
    public RouteChanges addRoute(IpPrefix to, InetAddress gateway, int index, String name, long table) {
        batch.add(Rtnl.RTM_NEWROUTE, CREATE, "RTM_NEWROUTE " + describeRoute(to, gateway, name) + " table "
                + Long.toUnsignedString(table), w -> writeRoute(w, to, gateway, index, table));
        return this;
    }

    /** Adds a policy routing rule ({@code ip rule add ...}). */
    public RouteChanges addRule(RoutingRule rule) {
        batch.add(Rtnl.RTM_NEWRULE, CREATE, "RTM_NEWRULE " + rule, rule::write);
        return this;
    }

    /** Adds a rule that fails every lookup it is reached by ({@code ip rule add priority N unreachable}). */
    public RouteChanges addRule(UnreachableRule rule) {
        batch.add(Rtnl.RTM_NEWRULE, CREATE, "RTM_NEWRULE " + rule, rule::write);
        return this;
    }

    /** Deletes a policy routing rule ({@code ip rule del ...}): the first that matches every given selector. */
    public RouteChanges deleteRule(RoutingRule rule) {
        batch.add(Rtnl.RTM_DELRULE, 0, "RTM_DELRULE " + rule, rule::write);
        return this;
    }

    /** Deletes a route of the main table. */
    public RouteChanges deleteRoute(IpPrefix to, InetAddress gateway, int index, String name) {
        batch.add(Rtnl.RTM_DELROUTE, 0, "RTM_DELROUTE " + describeRoute(to, gateway, name),
                w -> writeRoute(w, to, gateway, index));
        return this;
    }

    private static String describeRoute(IpPrefix to, InetAddress gateway, String name) {
        return (to.length() == 0 ? "default" : to.network().toString())
                + (gateway != null ? " via " + IpAddresses.format(gateway) : "")
                + (name != null && !name.isEmpty() ? " dev " + name : "");
    }

    private static void writeRoute(MessageWriter w, IpPrefix to, InetAddress gateway, int index) {
        writeRoute(w, to, gateway, index, Rtnl.RT_TABLE_MAIN);
    }

    private static void writeRoute(MessageWriter w, IpPrefix to, InetAddress gateway, int index, long table) {
        boolean smallTable = table <= 255;
        new RtMsg(to.family(), to.length(), 0, 0, smallTable ? (int) table : 0, Rtnl.RTPROT_STATIC,
                gateway == null ? Rtnl.RT_SCOPE_LINK : Rtnl.RT_SCOPE_UNIVERSE, Rtnl.RTN_UNICAST, 0).write(w);
        if (to.length() > 0) {
            w.attr(Rtnl.RTA_DST, to.network().address().getAddress());
        }
        if (gateway != null) {
            w.attr(Rtnl.RTA_GATEWAY, gateway.getAddress());
        }
        if (!smallTable) {
            w.attrU32(Rtnl.RTA_TABLE, (int) table); // iproute2's place: after the gateway, before the device
        }
        if (index != 0) {
            w.attrU32(Rtnl.RTA_OIF, index);
        }
    }

    /** Names an existing link: by ifindex, or by IFLA_IFNAME when the index is 0. */
    private static MessageWriter link(MessageWriter w, int index, String name, int flags, int change) {
        IfInfoMsg.flags(index, flags, change).write(w);
        if (index == 0) {
            w.attrString(Rtnl.IFLA_IFNAME, name);
        }
        return w;
    }

    /** Number of queued changes. */
    public int size() {
        return batch.size();
    }

    /** Sends every queued change in one datagram; collect the answers with {@link #await()}. */
    public RouteChanges send() {
        batch.send();
        return this;
    }

    /** Waits for every answer; throws the first failure with the others suppressed. */
    public void await() {
        batch.awaitAcks();
    }

    /** {@link #send()} and {@link #await()}. */
    public void execute() {
        batch.execute();
    }
}
