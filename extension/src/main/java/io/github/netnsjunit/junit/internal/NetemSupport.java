package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.tc.Netem;
import io.github.netnsjunit.netlink.tc.TrafficControl;

/**
 * Internal: whether this kernel has the netem qdisc, probed once per JVM when a topology with conditions is first
 * built: a netem on {@code lo} of a throwaway namespace (the kernel loads {@code sch_netem} on demand if it exists as
 * a module; without it RTM_NEWQDISC fails with ENOENT, "Specified qdisc kind is unknown"). The answer is a fact of
 * the machine, computed once (holder idiom) and reported once.
 */
final class NetemSupport {
    static final String MISSING = "the kernel's netem qdisc, which this kernel lacks (kernel option "
            + "CONFIG_NET_SCH_NETEM; module sch_netem, on Ubuntu in package linux-modules-extra-$(uname -r))";

    private static final System.Logger LOG = System.getLogger("io.github.netnsjunit.conditions");

    private NetemSupport() {
    }

    private static final class Holder {
        static final boolean AVAILABLE = probe();
    }

    /** True when netem works here. */
    static boolean available() {
        return Holder.AVAILABLE;
    }

    private static boolean probe() {
        try (NamespaceHandle ns = NamespaceHandle.create("netem-probe")) {
            TrafficControl.of(ns).replaceRoot(1, "lo", Netem.delay(1_000_000));
            LOG.log(System.Logger.Level.INFO, "netns-junit: link conditions use the kernel engine (netem works here)");
            return true;
        } catch (RuntimeException e) {
            // ENOENT ("Specified qdisc kind is unknown") without netem; anything else (no privileges...) also means
            // that the kernel engine cannot be relied on here
            LOG.log(System.Logger.Level.INFO, "netns-junit: netem is not available (" + e.getMessage() + "): under "
                    + "netns.junit.conditions.engine=auto, links with delay, loss, duplication, reordering or corruption "
                    + "are built through the userspace relay");
            return false;
        }
    }
}
