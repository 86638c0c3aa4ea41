package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.route.MacvlanLink;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks {@code @Macvlan} declarations. */
final class MacvlanChecks {
    /** The kernel's default MTU of a veth end or bridge, which a macvlan on it may not exceed. */
    private static final int DEFAULT_MTU = 1500;

    private final ValidationContext context;
    private final RawTopology raw;
    /** namespace/parent -> the first macvlan declared on it, with its mode. */
    private final Map<String, Declaration.Macvlan> onParent = new HashMap<>();

    MacvlanChecks(ValidationContext context, RawTopology raw) {
        this.context = context;
        this.raw = raw;
    }

    /** The spec, or null when the declaration has a problem. */
    MacvlanSpec check(Declaration.Macvlan d) {
        int before = context.problemCount();
        Origin origin = d.origin();
        boolean nameOk = context.checkLinkName(origin, "name", d.name());
        boolean nsOk = context.checkNamespace(origin, "namespace", d.namespace())
                && StackedLinkRules.checkNotHost(context, origin, "namespace", "macvlan links", d.namespace());
        if (nameOk && nsOk) {
            context.claimLink(origin, "name", d.namespace(), d.name());
        }
        MacvlanLink.Mode mode = mode(origin, d.mode());
        String parentNs = parentNamespace(d);
        boolean parentNsOk = d.parentNamespace().isEmpty() ? nsOk
                : context.checkNamespace(origin, "parentNamespace", parentNs)
                        && StackedLinkRules.checkNotHost(context, origin, "parentNamespace", "macvlan links", parentNs);
        boolean parentOk = parentNsOk && StackedLinkRules.checkLinkOf(context, origin, "parent", parentNs, d.parent(),
                "A macvlan's parent", d.parentNamespace().isEmpty() ? "namespace" : "parentNamespace",
                EnumSet.of(LinkEnd.Kind.VETH, LinkEnd.Kind.BRIDGE), d.name());
        if (parentOk && LinkEnd.Kind.MACVLAN == context.index.kind(parentNs, d.parent())) {
            context.report(origin, "parent", "names " + quote(d.parent()) + ", which is itself a macvlan. Put the "
                    + "macvlan on the link under it (the kernel would do so silently), i.e. on that macvlan's parent.");
            parentOk = false;
        }
        if (parentOk && mode != null) {
            checkSharing(d, parentNs, mode);
        }
        if (StackedLinkRules.checkMtu(context, origin, d.mtu(), "the parent's MTU") && parentOk && d.mtu() != 0) {
            int parentMtu = parentMtu(parentNs, d.parent());
            if (d.mtu() > parentMtu) {
                context.report(origin, "mtu", "is " + d.mtu() + ", larger than the MTU of its parent " + quote(d.parent())
                        + " (" + parentMtu + "); the kernel refuses that (EINVAL): a macvlan's frames leave through "
                        + "its parent. Use at most " + parentMtu + ", or raise the parent's mtu.");
            }
        }
        List<IpPrefix> addresses = context.interfaceAddresses(origin, "address", d.namespace(), d.name(), d.addresses());
        if (context.problemCount() != before) {
            return null;
        }
        return new MacvlanSpec(d.name(), d.namespace(), d.parent(), parentNamespace(d), mode, addresses, d.mtu(),
                origin);
    }

    private static String parentNamespace(Declaration.Macvlan d) {
        return d.parentNamespace().isEmpty() ? d.namespace() : d.parentNamespace();
    }

    private MacvlanLink.Mode mode(Origin origin, String text) {
        try {
            return MacvlanLink.Mode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            context.report(origin, "mode", "is " + quote(text) + ", which is not a macvlan mode. Use one of: "
                    + Arrays.stream(MacvlanLink.Mode.values()).map(m -> quote(m.word())).collect(Collectors.joining(", "))
                    + ".");
            return null;
        }
    }

    /**
     * A passthru macvlan takes its parent over: the kernel refuses it on a parent that has macvlans already, and any
     * macvlan on a parent that has a passthru one, both with EINVAL (macvlan_common_newlink; seen with ip 6.1). The
     * other modes are per macvlan and mix freely on one parent.
     */
    private void checkSharing(Declaration.Macvlan d, String parentNs, MacvlanLink.Mode mode) {
        Declaration.Macvlan first = onParent.putIfAbsent(parentNs + "/" + d.parent(), d);
        if (first == null) {
            return;
        }
        MacvlanLink.Mode firstMode = MacvlanLink.Mode.valueOf(first.mode().toUpperCase(Locale.ROOT));
        if (mode == MacvlanLink.Mode.PASSTHRU || firstMode == MacvlanLink.Mode.PASSTHRU) {
            context.report(d.origin(), "parent", "names " + quote(d.parent()) + ", which already carries macvlan "
                    + quote(first.name()) + " of " + first.origin() + "; a passthru macvlan must be the only one on "
                    + "its parent (the kernel refuses the second with EINVAL). Give each its own parent, or use mode "
                    + "bridge for both.");
        }
    }

    private int parentMtu(String namespace, String parent) {
        for (Declaration d : raw.declarations()) {
            if (d instanceof Declaration.Veth v && ((v.namespace().equals(namespace) && v.name().equals(parent))
                    || (v.peerNamespace().equals(namespace) && v.peer().equals(parent)))) {
                return v.mtu() == 0 ? DEFAULT_MTU : v.mtu();
            }
            if (d instanceof Declaration.Bridge b && b.namespace().equals(namespace) && b.name().equals(parent)) {
                return b.mtu() == 0 ? DEFAULT_MTU : b.mtu();
            }
        }
        return DEFAULT_MTU;
    }
}
