package io.github.netnsjunit.netlink.msg;

import java.nio.ByteBuffer;

/**
 * The content of an NLMSG_ERROR message (or of the status of an NLMSG_DONE): the errno (0 for an ACK), the
 * sequence number of the request it answers, and the kernel's extended-ack text and attribute offset if any.
 */
public record NetlinkError(int errno, int requestSeq, int requestType, String extAckMessage, int extAckOffset) {

    /** Parses an NLMSG_ERROR message. */
    public static NetlinkError parse(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        int error = p.getInt(0);
        int origLength = p.getInt(4);
        int origType = p.getShort(8) & 0xffff;
        boolean capped = (m.flags() & Netlink.NLM_F_CAPPED) != 0 || error == 0;
        int tlvStart = 4 + (capped ? Netlink.NLMSG_HDRLEN : Netlink.align(origLength));
        return withTlvs(-error, m.seq(), origType, m, p, tlvStart);
    }

    /** Parses the status of an NLMSG_DONE message (a failed dump reports its error here). */
    public static NetlinkError parseDone(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        int error = p.remaining() >= 4 ? p.getInt(0) : 0;
        return withTlvs(-error, m.seq(), Netlink.NLMSG_DONE, m, p, 4);
    }

    private static NetlinkError withTlvs(int errno, int seq, int type, NetlinkMessage m, ByteBuffer p, int tlvStart) {
        String text = null;
        int offset = -1;
        if ((m.flags() & Netlink.NLM_F_ACK_TLVS) != 0 && tlvStart < p.limit()) {
            ByteBuffer tlvs = p.duplicate();
            tlvs.position(tlvStart);
            Attributes a = Attributes.parse(tlvs.slice());
            text = a.string(Netlink.NLMSGERR_ATTR_MSG);
            offset = a.u32(Netlink.NLMSGERR_ATTR_OFFS, -1);
        }
        return new NetlinkError(errno, seq, type, text, offset);
    }

    /** True for an ACK (errno 0). */
    public boolean isAck() {
        return errno == 0;
    }
}
