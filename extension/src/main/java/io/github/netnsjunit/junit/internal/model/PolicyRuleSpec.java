package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.util.Objects;

/**
 * Internal: a validated policy routing rule.
 *
 * @param from     source network, or null for any
 * @param to       destination network, or null for any
 * @param fwmark   mark to match, or null for any
 * @param fwmask   the mark's mask, or null for all bits
 * @param iif      input link, {@code ""} for any
 * @param oif      output link, {@code ""} for any
 * @param priority priority, {@code 0} for the kernel's choice
 * @param table    the table to look up
 */
public record PolicyRuleSpec(String namespace, IpPrefix from, IpPrefix to, Integer fwmark, Integer fwmask, String iif,
                             String oif, int priority, int table, Origin origin) {

    /** Rejects nulls where none is allowed. */
    public PolicyRuleSpec {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(iif, "iif");
        Objects.requireNonNull(oif, "oif");
        Objects.requireNonNull(origin, "origin");
    }

    /** The rule in {@code ip rule} words, for diagrams: {@code from 10.2.0.0/24 priority 100 table 100}. */
    public String describe() {
        StringBuilder sb = new StringBuilder("rule");
        if (from != null) {
            sb.append(" from ").append(from);
        }
        if (to != null) {
            sb.append(" to ").append(to);
        }
        if (fwmark != null) {
            sb.append(" fwmark 0x").append(Integer.toHexString(fwmark));
            if (fwmask != null) {
                sb.append("/0x").append(Integer.toHexString(fwmask));
            }
        }
        if (!iif.isEmpty()) {
            sb.append(" iif ").append(iif);
        }
        if (!oif.isEmpty()) {
            sb.append(" oif ").append(oif);
        }
        if (priority != 0) {
            sb.append(" priority ").append(priority);
        }
        return sb.append(" table ").append(table).toString();
    }
}
