package io.github.netnsjunit.netlink.diag;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP connections of a network namespace, with their tcp_info counters, as {@code ss -tni} reads them: one
 * sock_diag dump per address family on a {@code NETLINK_SOCK_DIAG} socket opened in that namespace.
 */
public final class TcpSockets {
    private TcpSockets() {
    }

    /**
     * Every TCP socket of the namespace of {@code socket} (opened with {@link InetDiagRequest#NETLINK_SOCK_DIAG})
     * in one of {@code states} ({@link InetDiagRequest#CONNECTIONS}: all but listeners), IPv4 then IPv6.
     */
    public static List<TcpSocketInfo> dump(NetlinkSocket socket, int states) {
        List<TcpSocketInfo> out = new ArrayList<>();
        for (int family : new int[] {AddressFamily.INET, AddressFamily.INET6}) {
            InetDiagRequest request = new InetDiagRequest(family, InetDiagRequest.TCP, InetDiagRequest.INFO, states);
            for (NetlinkMessage m : socket.dump(InetDiagRequest.SOCK_DIAG_BY_FAMILY, "dump TCP sockets (sock_diag)",
                    request::write)) {
                if (m.type() == InetDiagRequest.SOCK_DIAG_BY_FAMILY) {
                    out.add(TcpSocketInfo.parse(m));
                }
            }
        }
        return out;
    }

    /** {@link #dump} on a sock_diag socket opened (and closed) in the calling thread's namespace. */
    public static List<TcpSocketInfo> ofCurrentNamespace(String namespace, int states) {
        try (NetlinkSocket s = NetlinkSocket.open(InetDiagRequest.NETLINK_SOCK_DIAG, namespace)) {
            return dump(s, states);
        }
    }
}
