package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * A policy routing rule ({@code ip rule add [from P] [to P] [fwmark M[/MASK]] [iif L] [oif L] [priority N] table
 * T}): packets that match every given selector are looked up in table {@code table}. The request is RTM_NEWRULE
 * with a {@code struct fib_rule_hdr} (linux/fib_rules.h, 12 bytes):
 *
 * <pre>
 * u8 family | u8 dst_len | u8 src_len | u8 tos | u8 table | u8 res1 | u8 res2 | u8 action | u32 flags
 * </pre>
 *
 * @param family   AF_INET or AF_INET6 (of {@code from}/{@code to} when given)
 * @param from     source prefix, or null for any
 * @param to       destination prefix, or null for any
 * @param fwmark   firewall mark to match, or null for any
 * @param fwmask   mask of the mark, or null for the kernel's (all bits)
 * @param iif      input link name, or null for any
 * @param oif      output link name (a socket bound to it), or null for any
 * @param priority rule priority (lower first), or null for the kernel's choice
 * @param table    table id, 1..2^32-1 (254 is main)
 */
public record RoutingRule(int family, IpPrefix from, IpPrefix to, Integer fwmark, Integer fwmask, String iif,
                          String oif, Integer priority, long table) {
    /** Ids up to 255 fit the header's u8; larger ones travel in FRA_TABLE (as iproute2 does). */
    private static final int MAX_HEADER_TABLE = 255;

    /** Rejects a table outside 1..2^32-1 and prefixes of another family. */
    public RoutingRule {
        if (table < 1 || table > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("table must be 1..4294967295, got " + table);
        }
        if ((from != null && from.family() != family) || (to != null && to.family() != family)) {
            throw new IllegalArgumentException("from and to must be of the rule's family " + family);
        }
    }

    /** Writes the header and attributes in iproute2's order (strace of {@code ip rule add}, see RoutingRuleTest). */
    void write(MessageWriter w) {
        boolean smallTable = table <= MAX_HEADER_TABLE;
        w.u8(family).u8(to == null ? 0 : to.length()).u8(from == null ? 0 : from.length()).u8(0)
                .u8(smallTable ? (int) table : 0).u8(0).u8(0).u8(Rtnl.FR_ACT_TO_TBL).u32(0);
        if (from != null) {
            w.attr(Rtnl.FRA_SRC, from.network().address().getAddress());
        }
        if (to != null) {
            w.attr(Rtnl.FRA_DST, to.network().address().getAddress());
        }
        if (fwmark != null) {
            w.attrU32(Rtnl.FRA_FWMARK, fwmark);
        }
        if (fwmask != null) {
            w.attrU32(Rtnl.FRA_FWMASK, fwmask);
        }
        if (iif != null) {
            w.attrString(Rtnl.FRA_IIFNAME, iif);
        }
        if (oif != null) {
            w.attrString(Rtnl.FRA_OIFNAME, oif);
        }
        if (priority != null) {
            w.attrU32(Rtnl.FRA_PRIORITY, priority);
        }
        if (!smallTable) {
            w.attrU32(Rtnl.FRA_TABLE, (int) table);
        }
    }

    /** The rule in {@code ip rule} words, e.g. {@code from 10.0.0.0/24 priority 100 table 100}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (from != null) {
            sb.append("from ").append(from.network()).append(' ');
        }
        if (to != null) {
            sb.append("to ").append(to.network()).append(' ');
        }
        if (fwmark != null) {
            sb.append("fwmark 0x").append(Integer.toHexString(fwmark));
            sb.append(fwmask == null ? " " : "/0x" + Integer.toHexString(fwmask) + " ");
        }
        if (iif != null) {
            sb.append("iif ").append(iif).append(' ');
        }
        if (oif != null) {
            sb.append("oif ").append(oif).append(' ');
        }
        if (priority != null) {
            sb.append("priority ").append(priority).append(' ');
        }
        return sb.append("table ").append(Long.toUnsignedString(table)).toString();
    }
}
