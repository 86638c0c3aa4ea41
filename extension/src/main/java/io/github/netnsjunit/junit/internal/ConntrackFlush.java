package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;

/**
 * Internal: empties the connection-tracking table of a private {@code "host"} namespace after a test (ctnetlink
 * {@code IPCTNL_MSG_CT_DELETE} without a tuple: a flush, as {@code conntrack -F}). Entries outlive the links and
 * rules that made them (a TCP connection's stays in TIME_WAIT for 120 s), and the next test re-creates the same
 * addresses: an old entry — a NAT mapping above all — would then apply to its new flows. Only for a namespace that
 * is this JVM's own (sealed, or {@code netns.junit.jvmNamespace=private}): on the machine's, the table is not ours.
 */
public final class ConntrackFlush {
    /** {@code NFNL_SUBSYS_CTNETLINK}. */
    private static final int SUBSYS_CTNETLINK = 1;
    /** {@code IPCTNL_MSG_CT_DELETE}. */
    private static final int MSG_CT_DELETE = 2;
    /** {@code ENOENT}: nothing tracked, or no conntrack in this kernel. */
    private static final String NOTHING = "ENOENT";

    private ConntrackFlush() {
    }

    /** Flushes the table of {@code host} (IPv4 and IPv6: family unspec). */
    public static void flush(NamespaceHandle host) {
        try {
            host.netfilterSocket().execute(SUBSYS_CTNETLINK << 8 | MSG_CT_DELETE, 0,
                    "IPCTNL_MSG_CT_DELETE (conntrack flush) in netns " + host.name(),
                    w -> w.u8(0).u8(0).u16be(0)); // nfgenmsg: AF_UNSPEC, NFNETLINK_V0, res_id 0
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains(NOTHING)) {
                throw e;
            }
        }
    }
}
