package io.github.netnsjunit.netlink.icmp;

import java.net.InetAddress;

/**
 * A received ICMP message that concerns an echo request: either its reply, or an error that quotes it.
 *
 * @param from        the sender (the target for a reply, a router or the local stack for an error)
 * @param reply       true for an echo reply, false for an error
 * @param type        the ICMP type of the received message
 * @param code        its code
 * @param identifier  the echo identifier (of the reply, or of the quoted request)
 * @param sequence    the echo sequence number
 * @param cookie      the cookie echoed in the data, when present
 * @param hasCookie   whether the data was long enough to carry the cookie
 */
record IcmpMessage(InetAddress from, boolean reply, int type, int code, int identifier, int sequence, long cookie,
        boolean hasCookie) {
}
