package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A VXLAN tunnel endpoint ({@code ip link add NAME type vxlan id VNI [local A] [remote B | group G] [dev D] dstport
 * P [no]learning}): Ethernet frames of the link travel in UDP to the remote endpoint (or the multicast group) over
 * the underlay.
 *
 * @param vni         the VXLAN network identifier, 1..16777215 (24 bits)
 * @param local       source address of the outer packets, or null to let the route decide
 * @param remote      the one remote endpoint (unicast), or the multicast group; null for neither (the FDB decides)
 * @param deviceIndex ifindex of the underlay device, or 0 for none (needed with a multicast group)
 * @param deviceName  the underlay device's name, for messages, or null
 * @param port        destination UDP port (4789 is IANA's; the kernel's own default is Linux's older 8472)
 * @param learning    whether inner source MACs are learnt into the FDB from arriving packets
 */
public record VxlanLink(int vni, InetAddress local, InetAddress remote, int deviceIndex, String deviceName, int port,
                        boolean learning) implements LinkKind {

    /** Rejects values the kernel would refuse. */
    public VxlanLink {
        if (vni < 0 || vni > 0xFFFFFF) {
            throw new IllegalArgumentException("VNI must be 0..16777215, got " + vni);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    @Override
    public String kind() {
        return "vxlan";
    }

    @Override
    public void writeInfoData(MessageWriter w) {
        // iproute2's order (strace of ip link add ... type vxlan, see VxlanLinkTest): link, id, local, group, learning,
        // port (big-endian, as on the wire)
        if (deviceIndex > 0) {
            w.attrU32(Rtnl.IFLA_VXLAN_LINK, deviceIndex);
        }
        w.attrU32(Rtnl.IFLA_VXLAN_ID, vni);
        if (local != null) {
            w.attr(local instanceof Inet6Address ? Rtnl.IFLA_VXLAN_LOCAL6 : Rtnl.IFLA_VXLAN_LOCAL, local.getAddress());
        }
        if (remote != null) {
            w.attr(remote instanceof Inet6Address ? Rtnl.IFLA_VXLAN_GROUP6 : Rtnl.IFLA_VXLAN_GROUP, remote.getAddress());
        }
        w.attrU8(Rtnl.IFLA_VXLAN_LEARNING, learning ? 1 : 0);
        w.attr(Rtnl.IFLA_VXLAN_PORT, new byte[] {(byte) (port >> 8), (byte) port});
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("type vxlan id ").append(vni);
        if (local != null) {
            sb.append(" local ").append(IpAddresses.format(local));
        }
        if (remote != null) {
            sb.append(remote.isMulticastAddress() ? " group " : " remote ").append(IpAddresses.format(remote));
        }
        if (deviceName != null) {
            sb.append(" dev ").append(deviceName);
        }
        return sb.append(" dstport ").append(port).append(learning ? " learning" : " nolearning").toString();
    }
}
