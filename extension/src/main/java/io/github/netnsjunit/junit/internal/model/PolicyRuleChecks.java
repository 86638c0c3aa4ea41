package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import io.github.netnsjunit.netlink.addr.IpPrefix;

/** Checks {@code @PolicyRule} declarations. */
final class PolicyRuleChecks {
    /** The kernel's own rules: 0 (local), 32766 (main) and 32767 (default). */
    private static final int MAX_PRIORITY = 32765;
    /** RT_TABLE_LOCAL: the kernel's table of local addresses, not ours to route by. */
    private static final int LOCAL_TABLE = 255;

    private final ValidationContext context;

    PolicyRuleChecks(ValidationContext context) {
        this.context = context;
    }

    /** The spec, or null when the declaration has a problem. */
    PolicyRuleSpec check(Declaration.PolicyRule d) {
        int before = context.problemCount();
        Origin origin = d.origin();
        boolean nsOk = context.checkNamespace(origin, "namespace", d.namespace())
                && StackedLinkRules.checkNotHost(context, origin, "namespace", "policy rules", d.namespace());
        IpPrefix from = prefix(origin, "from", d.from());
        IpPrefix to = prefix(origin, "to", d.to());
        if (from != null && to != null && from.family() != to.family()) {
            context.report(origin, "to", "is " + quote(d.to()) + ", of another IP family than attribute 'from' ("
                    + quote(d.from()) + "). A rule matches one family: declare one rule per family.");
        }
        Integer[] mark = mark(origin, d.fwmark());
        if (nsOk) {
            context.checkLinkReference(origin, "iif", d.namespace(), d.iif(), "or leave it empty for any");
            context.checkLinkReference(origin, "oif", d.namespace(), d.oif(), "or leave it empty for any");
        }
        if (d.priority() < 0 || d.priority() > MAX_PRIORITY) {
            context.report(origin, "priority", "is " + d.priority() + ", outside 1.." + MAX_PRIORITY + " (0, 32766 and "
                    + "32767 hold the kernel's local, main and default rules). Use e.g. 100, or 0 to let the kernel "
                    + "choose.");
        }
        if (d.table() < 1 || d.table() == LOCAL_TABLE) {
            context.report(origin, "table", "is " + d.table() + (d.table() == LOCAL_TABLE
                    ? ", the kernel's local table (its own addresses)" : ", not a routing table")
                    + ". Use a table of your routes, e.g. 100 with @Route(..., table = 100), or 254 for the main table.");
        }
        if (context.problemCount() != before) {
            return null;
        }
        return new PolicyRuleSpec(d.namespace(), from, to, mark == null ? null : mark[0],
                mark == null ? null : mark[1], d.iif(), d.oif(), d.priority(), d.table(), origin);
    }

    private IpPrefix prefix(Origin origin, String attribute, String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            if (!text.contains("/")) {
                throw new IllegalArgumentException("no prefix length");
            }
            return IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            context.report(origin, attribute, "is " + quote(text) + ", which is not a network in CIDR notation ("
                    + e.getMessage() + "). Write e.g. \"10.2.0.0/24\", or leave it empty for any.");
            return null;
        }
    }

    /** {mark, mask or null}, or null when not given or bad (then reported). */
    private Integer[] mark(Origin origin, String text) {
        if (text.isEmpty()) {
            return null;
        }
        String[] parts = text.split("/", -1);
        try {
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            long mark = Long.decode(parts[0]);
            long mask = parts.length == 2 ? Long.decode(parts[1]) : 0;
            if (mark < 0 || mark > 0xFFFF_FFFFL || mask < 0 || mask > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return new Integer[] {(int) mark, parts.length == 2 ? (int) mask : null};
        } catch (NumberFormatException e) {
            context.report(origin, "fwmark", "is " + quote(text) + ", which is not a 32-bit mark. Write e.g. \"0x1\" or "
                    + "\"0x1/0xff\" (mark/mask, hex or decimal), or leave it empty for any.");
            return null;
        }
    }
}
