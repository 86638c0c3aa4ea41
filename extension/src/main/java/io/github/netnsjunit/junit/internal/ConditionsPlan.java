package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.internal.model.LinkConditionsSpec;
import io.github.netnsjunit.junit.internal.model.NamespaceSpec;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.model.VethSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.opentest4j.TestAbortedException;

/**
 * Internal: decides, before anything is built, which engine renders each link's declared conditions, and rewrites
 * the model for the userspace ones: a veth pair {@code veth0 (ns0) — veth1 (ns1)} carried by the relay becomes
 * {@code veth0 — nj-a} and {@code nj-b — veth1}, with {@code nj-a} and {@code nj-b} in a hidden middle namespace
 * (name starting with {@value #HIDDEN_PREFIX}, IPv6 off so that it sends nothing of its own). Addresses, MACs, MTUs
 * and masters stay on the outer ends, so the test sees the topology it declared.
 */
final class ConditionsPlan {
    /** Names of middle namespaces start with this, which no declared name can (the validator refuses '~'). */
    static final String HIDDEN_PREFIX = "~relay-";
    static final String MIDDLE_A = "nj-a";
    static final String MIDDLE_B = "nj-b";

    /** A veth pair carried by the relay: ends as declared, and the middle namespace. */
    record RelayedPair(VethSpec veth, String middle) {
    }

    private final ConditionsConfig config;
    private final Map<String, LinkConditionsSpec> declared;
    private final List<RelayedPair> relayed;
    private final List<LinkConditionsSpec> kernel;
    private final boolean netemKnownMissing;

    private ConditionsPlan(ConditionsConfig config, Map<String, LinkConditionsSpec> declared, List<RelayedPair> relayed,
            List<LinkConditionsSpec> kernel, boolean netemKnownMissing) {
        this.config = config;
        this.declared = declared;
        this.relayed = relayed;
        this.kernel = kernel;
        this.netemKnownMissing = netemKnownMissing;
    }

    static String key(String namespace, String link) {
        return namespace + "/" + link;
    }

    /**
     * The plan for a validated model.
     *
     * @param netem probes for netem, called only when the answer matters
     * @throws IllegalStateException   naming the kernel option and the fix when no engine can give what is declared
     * @throws TestAbortedException    instead, with {@code netns.junit.conditions.unavailable=skip}
     */
    static ConditionsPlan of(TopologyModel model, ConditionsConfig config, BooleanSupplier netem) {
        Map<String, LinkConditionsSpec> byEnd = new LinkedHashMap<>();
        for (LinkConditionsSpec c : model.conditions()) {
            byEnd.put(key(c.namespace(), c.link()), c); // a later declaration (the method's) replaces an earlier one
            if (c.bothWays()) {
                model.peerOf(c.namespace(), c.link())
                        .ifPresent(p -> byEnd.put(key(p.namespace(), p.name()), c.on(p.namespace(), p.name())));
            }
        }
        List<RelayedPair> relayed = new ArrayList<>();
        List<LinkConditionsSpec> kernel = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Boolean[] netemAnswer = {null};
        BooleanSupplier hasNetem = () -> {
            if (netemAnswer[0] == null) {
                netemAnswer[0] = netem.getAsBoolean();
            }
            return netemAnswer[0];
        };
        int n = 0;
        for (VethSpec v : model.veths()) {
            LinkConditionsSpec here = byEnd.get(key(v.namespace(), v.name()));
            LinkConditionsSpec there = byEnd.get(key(v.peerNamespace(), v.peer()));
            if (here == null && there == null) {
                continue;
            }
            boolean wantsNetem = (here != null && (here.needsNetem() || here.isEmpty()))
                    || (there != null && (there.needsNetem() || there.isEmpty()));
            boolean relay = switch (config.engine()) {
                case USERSPACE -> true;
                case KERNEL -> false;
                case AUTO -> wantsNetem && !hasNetem.getAsBoolean();
            };
            if (relay) {
                relayed.add(new RelayedPair(v, HIDDEN_PREFIX + (n++) + "-" + v.name()));
            } else {
                for (LinkConditionsSpec c : new LinkConditionsSpec[] {here, there}) {
                    if (c == null) {
                        continue;
                    }
                    if (c.needsNetem() && !hasNetem.getAsBoolean()) {
                        problems.add(c.origin() + " asks for " + c.describe() + ", which needs " + NetemSupport.MISSING
                                + ", and netns.junit.conditions.engine is kernel. Set netns.junit.conditions.engine="
                                + "userspace (or auto) to have these conditions applied by the userspace relay, or "
                                + "netns.junit.conditions.unavailable=skip to skip such tests on this kernel.");
                    }
                    kernel.add(c);
                }
            }
        }
        // conditions on a bridge, macvlan or VXLAN link: only the kernel can shape those
        for (LinkConditionsSpec c : byEnd.values()) {
            if (model.peerOf(c.namespace(), c.link()).isPresent()) { // a veth end: decided above
                continue;
            }
            if (config.engine() == ConditionsConfig.Engine.USERSPACE
                    || (c.needsNetem() && !hasNetem.getAsBoolean())) {
                String what = model.end(c.namespace(), c.link()).map(e -> e.kind().words()).orElse("a bridge");
                String fix = what.equals("a bridge") ? "Put the conditions on a veth end attached to the bridge."
                        : "Put the conditions on the veth end it sits on (its parent or underlay).";
                problems.add(c.origin() + " puts conditions on " + Origin.quote(c.link()) + ", " + what + "; the "
                        + "userspace relay carries veth pairs only" + (c.needsNetem() ? " and " + c.describe()
                        + " needs " + NetemSupport.MISSING : "") + ". " + fix);
            } else {
                kernel.add(c);
            }
        }
        if (!problems.isEmpty()) {
            String text = String.join("\n", problems);
            if (config.skipUnavailable()) {
                throw new TestAbortedException(text);
            }
            throw new IllegalStateException(text);
        }
        return new ConditionsPlan(config, byEnd, relayed, kernel,
                netemAnswer[0] != null && !netemAnswer[0]);
    }

    boolean isEmpty() {
        return declared.isEmpty();
    }

    ConditionsConfig config() {
        return config;
    }

    Map<String, LinkConditionsSpec> declared() {
        return declared;
    }

    List<RelayedPair> relayed() {
        return relayed;
    }

    List<LinkConditionsSpec> kernel() {
        return kernel;
    }

    /** True when the probe ran and found no netem. */
    boolean netemKnownMissing() {
        return netemKnownMissing;
    }

    /** The model to build: relayed pairs split through their middle namespaces. */
    TopologyModel buildModel(TopologyModel model) {
        if (relayed.isEmpty()) {
            return model;
        }
        List<NamespaceSpec> namespaces = new ArrayList<>(model.namespaces());
        List<VethSpec> veths = new ArrayList<>();
        for (VethSpec v : model.veths()) {
            Optional<RelayedPair> r = relayed.stream().filter(p -> p.veth() == v).findFirst();
            if (r.isEmpty()) {
                veths.add(v);
                continue;
            }
            String mid = r.get().middle();
            Map<String, String> quiet = new LinkedHashMap<>();
            quiet.put("net.ipv6.conf.all.disable_ipv6", "1");
            quiet.put("net.ipv6.conf.default.disable_ipv6", "1");
            namespaces.add(new NamespaceSpec(mid, false, quiet, v.origin()));
            veths.add(new VethSpec(v.name(), v.namespace(), v.addresses(), MIDDLE_A, mid, List.of(), v.master(), "",
                    v.mtu(), v.mac(), null, v.origin()));
            veths.add(new VethSpec(MIDDLE_B, mid, List.of(), v.peer(), v.peerNamespace(), v.peerAddresses(), "",
                    v.peerMaster(), v.mtu(), null, v.peerMac(), v.origin(), v.peerMtu()));
        }
        return new TopologyModel(namespaces, veths, model.bridges(), model.routes(), model.masquerades(),
                model.portForwards(), model.hostEntries(), model.conditions(), model.macvlans(), model.vxlans(),
                model.rules());
    }
}
