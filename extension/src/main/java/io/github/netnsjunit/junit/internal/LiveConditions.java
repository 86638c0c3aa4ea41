package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.internal.model.LinkConditionsSpec;
import io.github.netnsjunit.junit.internal.model.LinkEnd;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.model.VethSpec;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.relay.FrameRelay;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.tc.Netem;
import io.github.netnsjunit.netlink.tc.TrafficControl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Internal: the conditions in force on the links of one topology, and the relays that carry some of them.
 * Kernel links get a root qdisc (netem, or tbf for a rate alone) through rtnetlink; relayed links get new conditions
 * for each direction. {@link #close()} stops the relays; qdiscs go with the test namespaces.
 */
final class LiveConditions implements AutoCloseable {
    private static final Netem CLEAN = new Netem(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Netem.DEFAULT_LIMIT, 0, true);

    /** A relayed pair: its relay, and its ends (forward = frames leaving {@code ns/link}). */
    private record Relayed(FrameRelay relay, String ns, String link, String peerNs, String peer) {
    }

    private final NamespaceHandles handles;
    private final LinkNames linkNames;
    private final TopologyModel model;
    private final ConditionsConfig config;
    private final UndoSteps undo;
    private final Map<String, Relayed> relays = new LinkedHashMap<>();
    private final Map<String, LinkConditionsSpec> inForce = new LinkedHashMap<>();

    /**
     * No conditions yet: {@link #start} applies the declared ones, {@link #set} changes them during the test.
     *
     * @param handles   the namespaces (the relays' middle ones included)
     * @param linkNames the real names of links
     * @param model     the declared topology
     * @param config    which engine renders conditions
     * @param undo      where stopping the relays is registered when they start
     */
    LiveConditions(NamespaceHandles handles, LinkNames linkNames, TopologyModel model, ConditionsConfig config,
            UndoSteps undo) {
        this.handles = handles;
        this.linkNames = linkNames;
        this.model = model;
        this.config = config;
        this.undo = undo;
    }

    /** Applies the plan to the built topology: relays, then qdiscs. */
    void start(ConditionsPlan plan) {
        if (!plan.relayed().isEmpty()) {
            undo.push("stop the relays", this::close);
        }
        for (ConditionsPlan.RelayedPair p : plan.relayed()) {
            VethSpec v = p.veth();
            LinkConditionsSpec fwd = plan.declared().get(ConditionsPlan.key(v.namespace(), v.name()));
            LinkConditionsSpec back = plan.declared().get(ConditionsPlan.key(v.peerNamespace(), v.peer()));
            FrameRelay relay = FrameRelay.start(v.name(), handles.get(p.middle()), ConditionsPlan.MIDDLE_A,
                    ConditionsPlan.MIDDLE_B, netem(fwd), netem(back));
            Relayed r = new Relayed(relay, v.namespace(), v.name(), v.peerNamespace(), v.peer());
            synchronized (this) {
                relays.put(ConditionsPlan.key(v.namespace(), v.name()), r);
                relays.put(ConditionsPlan.key(v.peerNamespace(), v.peer()), r);
                remember(fwd);
                remember(back);
            }
        }
        for (LinkConditionsSpec k : plan.kernel()) {
            applyKernel(k.namespace(), k.link(), k);
            synchronized (this) {
                remember(k);
            }
        }
    }

    private void remember(LinkConditionsSpec s) {
        if (s != null) {
            inForce.put(ConditionsPlan.key(s.namespace(), s.link()), s);
        }
    }

    private static Netem netem(LinkConditionsSpec s) {
        return s == null || s.isEmpty() ? CLEAN : s.netem();
    }

    /** The engine carrying a link end now: "userspace relay" or "kernel". */
    synchronized String engineOf(String ns, String link) {
        return relays.containsKey(ConditionsPlan.key(ns, link)) ? "userspace" : "kernel";
    }

    /**
     * Replaces the conditions of packets leaving {@code ns/link} (and its veth peer with {@code bothWays}).
     *
     * @throws IllegalStateException naming the link, the engine and the fix when this link cannot carry them
     */
    synchronized void set(LinkConditionsSpec spec) {
        List<LinkConditionsSpec> ends = new ArrayList<>();
        ends.add(spec);
        if (spec.bothWays()) {
            model.peerOf(spec.namespace(), spec.link()).ifPresent(p -> ends.add(spec.on(p.namespace(), p.name())));
        }
        for (LinkConditionsSpec e : ends) {
            Relayed r = relays.get(ConditionsPlan.key(e.namespace(), e.link()));
            if (r != null) {
                continue;
            }
            String fix = "declare the link with @LinkConditions(namespace = " + Origin.quote(e.namespace())
                    + ", link = " + Origin.quote(e.link()) + ") (no values needed), so that it is built through the "
                    + "userspace relay and its conditions can change during the test";
            if (config.engine() == ConditionsConfig.Engine.USERSPACE) {
                throw new IllegalStateException("conditions(" + Origin.quote(e.link()) + ") in netns "
                        + e.namespace() + ": under netns.junit.conditions.engine=userspace only links built through the "
                        + "relay can carry conditions, and this one was built as a plain veth. Fix: " + fix + ".");
            }
            if (e.needsNetem() && !NetemSupport.available()) {
                throw new IllegalStateException("conditions(" + Origin.quote(e.link()) + ") in netns " + e.namespace()
                        + " asks for " + e.describe() + ", which needs " + NetemSupport.MISSING + "; under "
                        + "netns.junit.conditions.engine=" + config.engine().value() + " this link is a plain "
                        + "veth. Fix: " + fix + (config.engine() == ConditionsConfig.Engine.KERNEL
                        ? ", with netns.junit.conditions.engine=userspace or auto" : "") + ".");
            }
        }
        for (LinkConditionsSpec e : ends) {
            Relayed r = relays.get(ConditionsPlan.key(e.namespace(), e.link()));
            if (r == null) {
                applyKernel(e.namespace(), e.link(), e);
            }
            inForce.put(ConditionsPlan.key(e.namespace(), e.link()), e);
            if (r != null) {
                r.relay().update(netem(inForce.get(ConditionsPlan.key(r.ns(), r.link()))),
                        netem(inForce.get(ConditionsPlan.key(r.peerNs(), r.peer()))));
            }
        }
    }

    /** Removes the conditions of packets leaving {@code ns/link}, and of its peer if they were set both ways. */
    synchronized void clear(String ns, String link) {
        LinkConditionsSpec current = inForce.get(ConditionsPlan.key(ns, link));
        LinkConditionsSpec none = new LinkConditionsSpec(ns, link, 0, 0, 0, 0, 0, 0, 0, 0,
                current != null && current.bothWays(), 0, Origin.builder("clearConditions(" + Origin.quote(link) + ")"));
        set(none);
        inForce.remove(ConditionsPlan.key(ns, link));
        if (none.bothWays()) {
            model.peerOf(ns, link).ifPresent(p -> inForce.remove(ConditionsPlan.key(p.namespace(), p.name())));
        }
    }

    private void applyKernel(String ns, String link, LinkConditionsSpec spec) {
        NamespaceHandle handle = handles.get(ns);
        String real = linkNames.real(ns, link);
        int index = RouteClient.of(handle).requireLink(real).index();
        TrafficControl tc = TrafficControl.of(handle);
        if (spec.isEmpty()) {
            tc.deleteRoot(index, real);
            return;
        }
        try {
            tc.replaceRoot(index, real, spec.needsNetem() ? spec.netem() : spec.tbf());
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENOENT && spec.needsNetem()) {
                throw new IllegalStateException(spec.origin() + ": " + spec.describe() + " needs " + NetemSupport.MISSING
                        + ". Set netns.junit.conditions.engine=userspace (or auto) to use the userspace relay. Kernel said: "
                        + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The conditions in force on the links of a namespace and of their veth peers, in words, for failure messages. */
    synchronized List<String> describe(String namespace) {
        List<String> out = new ArrayList<>();
        for (LinkConditionsSpec s : inForce.values()) {
            if (s.isEmpty()) {
                continue;
            }
            Optional<LinkEnd> peer = model.peerOf(s.namespace(), s.link());
            boolean touches = s.namespace().equals(namespace)
                    || peer.map(p -> p.namespace().equals(namespace)).orElse(false);
            if (touches) {
                out.add("conditions on " + s.link() + " in " + s.namespace() + " (packets leaving it): " + s.describe()
                        + " [" + engineOf(s.namespace(), s.link()) + " engine]");
            }
        }
        return out;
    }

    /** The relays' threads (for tests). */
    synchronized List<Thread> relayThreads() {
        List<Thread> out = new ArrayList<>();
        relays.values().stream().distinct().forEach(r -> out.addAll(r.relay().threads()));
        return out;
    }

    /** Stops every relay. */
    @Override
    public synchronized void close() {
        relays.values().stream().distinct().forEach(r -> r.relay().close());
        relays.clear();
    }
}
