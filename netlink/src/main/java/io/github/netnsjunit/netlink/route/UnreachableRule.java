package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * A policy routing rule that matches every packet and fails its route lookup with {@code ENETUNREACH}
 * ({@code ip [-6] rule add priority N unreachable}): a connect or send that reaches it gets "Network is unreachable"
 * at once, and a received packet it reaches is dropped. RTM_NEWRULE with a {@code struct fib_rule_hdr} whose action is
 * FR_ACT_UNREACHABLE and whose table is RT_TABLE_UNSPEC, and FRA_PRIORITY (iproute2 6.1 sends exactly this; see
 * RoutingRuleTest).
 *
 * <p>Rules of one priority are consulted in the order they were added, so a rule at priority 0 comes after the
 * kernel's own {@code 0: from all lookup local} unless that one is deleted first.
 *
 * @param family   AF_INET or AF_INET6
 * @param priority rule priority (lower first)
 */
public record UnreachableRule(int family, int priority) {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    /** Rejects a family other than AF_INET and AF_INET6, and a negative priority. */
    public UnreachableRule {
        if (family != AF_INET && family != AF_INET6) {
            throw new IllegalArgumentException("family must be AF_INET (2) or AF_INET6 (10), got " + family);
        }
        if (priority < 0) {
            throw new IllegalArgumentException("priority must be 0 or more, got " + priority);
        }
    }

    void write(MessageWriter w) {
        w.u8(family).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(Rtnl.FR_ACT_UNREACHABLE).u32(0);
        w.attrU32(Rtnl.FRA_PRIORITY, priority);
    }

    /** The rule in {@code ip rule} words, e.g. {@code priority 0 unreachable}. */
    @Override
    public String toString() {
        return (family == AF_INET6 ? "-6 " : "") + "priority " + priority + " unreachable";
    }
}
