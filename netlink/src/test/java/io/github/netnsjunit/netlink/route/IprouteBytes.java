package io.github.netnsjunit.netlink.route;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Compares an RTM_NEWLINK request of ours with the one iproute2 sent for the same {@code ip link add}: hex of the
 * captured datagram in, a comparable hex string out.
 *
 * <p>Capture (as root, in a throwaway namespace, iproute2 6.1): {@code unshare --net sh -c 'ip link add v0 type veth
 * peer name v1; strace -f -e trace=sendmsg -e write=3 ip link add link v0 name mv0 type macvlan mode bridge'}; the
 * {@code write=3} dump of the RTM_NEWLINK sendmsg is the golden text (fd 3 is ip's rtnetlink socket; the first
 * sendmsg on fd 4 is its RTM_GETLINK for the parent's name). Three things are normalised, on both sides: the
 * sequence number (ip's is the time of day); the NLA_F_NESTED flag, which ip 6.1 leaves off IFLA_LINKINFO and
 * IFLA_INFO_DATA while we set it (the kernel accepts both: rtnl_link_policy parses them with
 * nla_parse_nested_deprecated); and the NUL after IFLA_INFO_KIND, which ip leaves out of the attribute's length
 * ({@code addattr_l(..., strlen(type))}) while we count it (the policy is NLA_STRING, which takes both; the padding
 * bytes are zero either way).
 */
final class IprouteBytes {
    private static final int NLMSG_HDRLEN = 16;
    private static final int IFINFOMSG_LEN = 16;

    private IprouteBytes() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[^0-9a-fA-F]", ""));
    }

    /** The message as hex: sequence number cleared, NLA_F_NESTED off the link-info nests, the kind's length without NUL. */
    static String normalised(byte[] message) {
        byte[] copy = message.clone();
        copy[8] = copy[9] = copy[10] = copy[11] = 0;
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        int end = b.getInt(0);
        for (int at = NLMSG_HDRLEN + IFINFOMSG_LEN; at + 4 <= end; at += align(b.getShort(at))) {
            if ((b.getShort(at + 2) & 0x3fff) == Rtnl.IFLA_LINKINFO) {
                clearNested(b, at);
                int nestEnd = at + b.getShort(at);
                for (int in = at + 4; in + 4 <= nestEnd; in += align(b.getShort(in))) {
                    int type = b.getShort(in + 2) & 0x3fff;
                    if (type == Rtnl.IFLA_INFO_DATA) {
                        clearNested(b, in);
                    } else if (type == Rtnl.IFLA_INFO_KIND && copy[in + b.getShort(in) - 1] == 0) {
                        b.putShort(in, (short) (b.getShort(in) - 1));
                    }
                }
            }
        }
        return HexFormat.of().formatHex(copy);
    }

    private static void clearNested(ByteBuffer b, int at) {
        b.putShort(at + 2, (short) (b.getShort(at + 2) & 0x7fff));
    }

    private static int align(int len) {
        return (len + 3) & ~3;
    }
}
