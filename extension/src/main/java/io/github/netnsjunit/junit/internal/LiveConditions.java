package io.github.netnsjunit.junit.internal;

import java.util.Set;
import java.util.LinkedHashSet;
import io.github.netnsjunit.junit.Hits;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.LinkConditionsSpec;
import io.github.netnsjunit.junit.internal.model.LinkEnd;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.model.VethSpec;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.relay.FrameRelay;
import io.github.netnsjunit.netlink.route.Link;
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
import java.util.function.Supplier;

/**
 * Internal: the conditions in force on the links of one topology, and the relays that carry some of them.
 * Kernel links get a root qdisc (netem, or tbf for a rate alone) through rtnetlink; relayed links get new conditions
 * for each direction. {@link #close()} stops the relays; qdiscs go with the test namespaces.
 */
final class LiveConditions implements AutoCloseable {
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
    /** Peer end -> the end whose bothWays call (or declaration) set the peer's conditions now in force. */
    private final Map<String, String> setByPeer = new LinkedHashMap<>();
    /** The declared conditions per link end (bothWays peers included), as the plan resolved them. */
    private Map<String, LinkConditionsSpec> declared = Map.of();
    /** Conditions on packets arriving at a link without a veth peer (bothWays), shaped on an ifb: by end. */
    private final Map<String, Arriving> arriving = new LinkedHashMap<>();

    /** Conditions in force on the arrivals at a link, the ifb that carries them, its counts when they were set. */
    private record Arriving(LinkConditionsSpec spec, String ifb, Hits base) {
    }
    /**
     * Per end, what its relay had received (or, on the kernel engine, its qdisc or class had handled) when its
     * conditions were last set: hits count from there.
     */
    private final Map<String, Hits> hitBase = new LinkedHashMap<>();

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
                    ConditionsPlan.MIDDLE_B, RelayedRate.relayPart(fwd), RelayedRate.relayMatch(fwd),
                    RelayedRate.relayPart(back), RelayedRate.relayMatch(back));
            Relayed r = new Relayed(relay, v.namespace(), v.name(), v.peerNamespace(), v.peer());
            synchronized (this) {
                relays.put(ConditionsPlan.key(v.namespace(), v.name()), r);
                relays.put(ConditionsPlan.key(v.peerNamespace(), v.peer()), r);
                remember(fwd);
                remember(back);
            }
            for (LinkConditionsSpec end : new LinkConditionsSpec[] {fwd, back}) {
                if (RelayedRate.byTbf(end)) { // a rate alone: tbf on the sending end, as on the kernel engine
                    applyKernel(end.namespace(), end.link(), end);
                }
            }
        }
        synchronized (this) {
            declared = Map.copyOf(plan.declared());
            for (LinkConditionsSpec d : model.conditions()) { // in declaration order: a later one replaces
                recordSetter(d);
            }
        }
        for (LinkConditionsSpec k : plan.kernel()) {
            applyKernel(k.namespace(), k.link(), k);
            synchronized (this) {
                remember(k);
                String key = ConditionsPlan.key(k.namespace(), k.link());
                received(k.namespace(), k.link()).ifPresent(h -> hitBase.put(key, h));
                if (arrivesOnIfb(k)) {
                    applyArriving(k);
                }
            }
        }
    }

    /** Remembers which end set which: {@code s}'s own end is its own, its peer is {@code s}'s with bothWays. */
    private void recordSetter(LinkConditionsSpec s) {
        String own = ConditionsPlan.key(s.namespace(), s.link());
        setByPeer.remove(own);
        if (s.bothWays()) {
            model.peerOf(s.namespace(), s.link())
                    .ifPresent(p -> setByPeer.put(ConditionsPlan.key(p.namespace(), p.name()), own));
        }
    }

    private void remember(LinkConditionsSpec s) {
        if (s != null) {
            inForce.put(ConditionsPlan.key(s.namespace(), s.link()), s);
        }
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
            if (Namespaces.HOST.equals(e.namespace())) {
                // as @LinkConditions refuses "host": the machine's own namespace is never shaped, not even a link of
                // ours there (its qdisc would slow every other program routed through it)
                throw new IllegalArgumentException("conditions(" + Origin.quote(spec.link()) + ") in netns "
                        + spec.namespace() + (e == spec ? "" : " with bothWays(true)") + ": " + (e == spec ? "this link"
                        : "its veth peer " + Origin.quote(e.link())) + " is in \"host\", the machine's own namespace,"
                        + " where conditions are never applied. Fix: put conditions only on ends in test namespaces"
                        + (e == spec ? "" : ", and leave bothWays off") + ".");
            }
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
            Optional<LinkEnd> declaredEnd = model.end(e.namespace(), e.link());
            if (e.needsNetem() && !NetemSupport.available() && model.peerOf(e.namespace(), e.link()).isEmpty()
                    && declaredEnd.isPresent()) {
                boolean bridge = declaredEnd.get().kind() == LinkEnd.Kind.BRIDGE;
                throw new IllegalStateException("conditions(" + Origin.quote(e.link()) + ") in netns " + e.namespace()
                        + " asks for " + e.describe() + ", which needs " + NetemSupport.MISSING + "; the userspace"
                        + " relay carries veth pairs only, and " + Origin.quote(e.link()) + " is "
                        + declaredEnd.get().kind().words() + ". Fix: shape " + (bridge ? "a veth end attached to the"
                        + " bridge" : "the veth end it sits on") + " instead.");
            }
            if (e.needsNetem() && !NetemSupport.available()) {
                throw new IllegalStateException("conditions(" + Origin.quote(e.link()) + ") in netns " + e.namespace()
                        + " asks for " + e.describe() + ", which needs " + NetemSupport.MISSING + "; under "
                        + "netns.junit.conditions.engine=" + config.engine().value() + " this link is a plain "
                        + "veth. Fix: " + fix + (config.engine() == ConditionsConfig.Engine.KERNEL
                        ? ", with netns.junit.conditions.engine=userspace or auto" : "") + ".");
            }
        }
        recordSetter(spec);
        if (arrivesOnIfb(spec)) {
            applyArriving(spec);
        }
        for (LinkConditionsSpec e : ends) {
            Relayed r = relays.get(ConditionsPlan.key(e.namespace(), e.link()));
            applyKernel(e.namespace(), e.link(), r == null ? e : RelayedRate.kernelPart(e, e.namespace(), e.link()));
            inForce.put(ConditionsPlan.key(e.namespace(), e.link()), e);
            String key = ConditionsPlan.key(e.namespace(), e.link());
            received(e.namespace(), e.link()).ifPresent(h -> hitBase.put(key, h));
            if (r != null) {
                LinkConditionsSpec fwd = inForce.get(ConditionsPlan.key(r.ns(), r.link()));
                LinkConditionsSpec back = inForce.get(ConditionsPlan.key(r.peerNs(), r.peer()));
                r.relay().update(RelayedRate.relayPart(fwd), RelayedRate.relayMatch(fwd), RelayedRate.relayPart(back),
                        RelayedRate.relayMatch(back));
            }
        }
    }

    /**
     * Sets conditions for packets arriving at {@code ns/link}, which are {@code onPeer}, the same on its veth peer;
     * a later {@link #clear} of {@code ns/link} removes them (as for a {@code bothWays} call).
     */
    synchronized void setArriving(LinkConditionsSpec onPeer, String ns, String link) {
        set(onPeer);
        setByPeer.put(ConditionsPlan.key(onPeer.namespace(), onPeer.link()), ConditionsPlan.key(ns, link));
    }

    /**
     * Removes everything the {@code conditions} calls (and declarations) on {@code ns/link} set: its own conditions,
     * and its peer's when a {@code bothWays} call on this link set them and no call on the peer replaced them since
     * (a later one-way change on this link leaves the peer's both-ways conditions in force until this clear).
     */
    synchronized void clear(String ns, String link) {
        String own = ConditionsPlan.key(ns, link);
        Optional<String> peer = model.peerOf(ns, link).map(p -> ConditionsPlan.key(p.namespace(), p.name()));
        boolean peerToo = peer.map(p -> own.equals(setByPeer.get(p))).orElse(false);
        LinkConditionsSpec none = new LinkConditionsSpec(ns, link, 0, 0, 0, 0, 0, 0, 0, 0, peerToo, 0,
                Origin.builder("clearConditions(" + Origin.quote(link) + ")"));
        set(none);
        inForce.remove(own);
        setByPeer.remove(own);
        if (peerToo) {
            inForce.remove(peer.get());
            setByPeer.remove(peer.get());
        }
        if (arriving.containsKey(own)) {
            stopArriving(ns, link);
        }
    }

    /** {@code bothWays} on a link without a veth peer: its arrivals are shaped on an ifb (kernel engine). */
    private boolean arrivesOnIfb(LinkConditionsSpec s) {
        return s.bothWays() && model.peerOf(s.namespace(), s.link()).isEmpty();
    }

    /** Shapes the arrivals at {@code s}'s link on its ifb (made on first use, removed at teardown or clear). */
    private void applyArriving(LinkConditionsSpec s) {
        String end = ConditionsPlan.key(s.namespace(), s.link());
        NamespaceHandle handle = handles.get(s.namespace());
        String real = linkNames.real(s.namespace(), s.link());
        if (s.isEmpty()) {
            stopArriving(s.namespace(), s.link());
            return;
        }
        boolean first = !arriving.containsKey(end);
        Link ifb = IngressShaping.ensure(handle, real);
        if (first) {
            undo.push("remove ifb " + ifb.name() + " and the ingress redirect of " + real + " in " + s.namespace(),
                    () -> IngressShaping.stop(handle, real));
        }
        applyQdisc(handle, ifb.index(), ifb.name(), s);
        arriving.put(end, new Arriving(s, ifb.name(), KernelConditionsCount.read(handle, ifb.index(), s.filtered())));
    }

    private void stopArriving(String ns, String link) {
        IngressShaping.stop(handles.get(ns), linkNames.real(ns, link));
        arriving.remove(ConditionsPlan.key(ns, link));
    }

    private void applyKernel(String ns, String link, LinkConditionsSpec spec) {
        NamespaceHandle handle = handles.get(ns);
        String real = linkNames.real(ns, link);
        applyQdisc(handle, RouteClient.of(handle).requireLink(real).index(), real, spec);
    }

    private static void applyQdisc(NamespaceHandle handle, int index, String real, LinkConditionsSpec spec) {
        TrafficControl tc = TrafficControl.of(handle);
        if (spec.isEmpty()) {
            tc.deleteRoot(index, real);
            return;
        }
        try {
            if (spec.filtered()) { // htb root, a class with the conditions, u32 filters steering the selected packets
                tc.replaceSteered(index, real, spec.needsNetem() ? spec.netem() : spec.tbf(), spec.match());
            } else {
                tc.replaceRoot(index, real, spec.needsNetem() ? spec.netem() : spec.tbf());
            }
        } catch (NetlinkException e) {
            if (spec.filtered()) { // the batch stopped at the failing request: take away what it built before
                tc.deleteRoot(index, real);
            }
            if (e.errno() == Errno.ENOENT && spec.needsNetem()) {
                throw new IllegalStateException(spec.origin() + ": " + spec.describe() + " needs " + NetemSupport.MISSING
                        + ". Set netns.junit.conditions.engine=userspace (or auto) to use the userspace relay. Kernel said: "
                        + e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Where calls changed the declared conditions, in words; put back too when {@code restore} (for a shared
     * topology between tests: what one test set must not shape the next one's traffic).
     */
    synchronized List<String> changedFromDeclared(boolean restore) {
        List<String> restored = new ArrayList<>();
        Set<String> ends = new LinkedHashSet<>(inForce.keySet());
        ends.addAll(declared.keySet());
        for (String end : ends) {
            LinkConditionsSpec now = inForce.get(end);
            LinkConditionsSpec wanted = declared.get(end);
            String nowWords = now == null ? "none" : now.describe();
            String declaredWords = wanted == null ? "none" : wanted.describe();
            if (nowWords.equals(declaredWords)) {
                continue;
            }
            String[] nsLink = end.split("/", 2);
            restored.add("conditions on " + nsLink[1] + " in " + nsLink[0] + ": " + nowWords + " (declared: "
                    + declaredWords + ")");
            if (!restore) {
                continue;
            }
            set(wanted != null ? wanted.on(nsLink[0], nsLink[1]) : new LinkConditionsSpec(nsLink[0], nsLink[1],
                    0, 0, 0, 0, 0, 0, 0, 0, false, 0, Origin.builder("the end of the test")));
            if (wanted == null) {
                inForce.remove(end);
            } else {
                inForce.put(end, wanted);
            }
        }
        for (String end : new ArrayList<>(arrivalEnds())) {
            Arriving now = arriving.get(end);
            LinkConditionsSpec wanted = declared.get(end);
            wanted = wanted != null && arrivesOnIfb(wanted) ? wanted : null;
            String nowWords = now == null ? "none" : now.spec().describe();
            String declaredWords = wanted == null ? "none" : wanted.describe();
            if (nowWords.equals(declaredWords)) {
                continue;
            }
            String[] nsLink = end.split("/", 2);
            restored.add("conditions on packets arriving at " + nsLink[1] + " in " + nsLink[0] + ": " + nowWords
                    + " (declared: " + declaredWords + ")");
            if (restore) {
                if (wanted == null) {
                    stopArriving(nsLink[0], nsLink[1]);
                } else {
                    applyArriving(wanted.on(nsLink[0], nsLink[1]));
                }
            }
        }
        if (restore) {
            setByPeer.clear();
            for (LinkConditionsSpec d : model.conditions()) {
                recordSetter(d);
            }
        }
        return restored;
    }

    /**
     * Frames and bytes the relay carrying {@code ns/link} received from that end so far and the conditions' match
     * selected; without a relay, what the qdisc (or, for filtered conditions, the htb class) of the conditions in
     * force there handled so far; empty without either.
     */
    private Optional<Hits> received(String ns, String link) {
        Relayed r = relays.get(ConditionsPlan.key(ns, link));
        if (r == null) {
            LinkConditionsSpec s = inForce.get(ConditionsPlan.key(ns, link));
            if (s == null || s.isEmpty()) {
                return Optional.empty();
            }
            NamespaceHandle handle = handles.get(ns);
            int index = RouteClient.of(handle).requireLink(linkNames.real(ns, link)).index();
            return Optional.of(KernelConditionsCount.read(handle, index, s.filtered()));
        }
        boolean forward = r.ns().equals(ns) && r.link().equals(link);
        FrameRelay.Stats stats = forward ? r.relay().forwardStats() : r.relay().backwardStats();
        // the frames the conditions' match selected: a filtered condition hits only those (all frames without one)
        return Optional.of(new Hits(r.relay().selectedFrames(forward), r.relay().selectedBytes(forward), 0));
    }

    /**
     * What the conditions on packets leaving {@code ns/link} met since they were last set: the frames the relay
     * received from that end, or on the kernel engine the packets their qdisc (or htb class) handled; nothing when
     * the kernel engine carries no conditions there.
     */
    synchronized Hits hits(String ns, String link) {
        Hits base = hitBase.getOrDefault(ConditionsPlan.key(ns, link), Hits.NONE);
        return received(ns, link).map(now -> minus(now, base)).orElse(Hits.NONE);
    }

    private static Hits minus(Hits now, Hits base) {
        return new Hits(now.packets() - base.packets(), now.bytes() - base.bytes(), 0);
    }

    /** The conditions in force on {@code ns/link}, in words; empty when none. */
    synchronized Optional<String> inForce(String ns, String link) {
        LinkConditionsSpec s = inForce.get(ConditionsPlan.key(ns, link));
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s.describe());
    }

    /** The ends {@code {namespace, link}} with conditions in force (each counted by its relay or its qdisc). */
    synchronized List<String[]> countedInForce() {
        return inForce.values().stream().filter(s -> !s.isEmpty())
                .map(s -> new String[] {s.namespace(), s.link()}).toList();
    }

    /** The conditions in force on the links of a namespace and of their veth peers, in words, for failure messages. */
    synchronized List<String> describe(String namespace) {
        return describe(namespace, false);
    }

    /** Like {@link #describe(String)}; with {@code withHits}, each relayed end also says what it hit. */
    synchronized List<String> describe(String namespace, boolean withHits) {
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
                        + " [" + (relays.containsKey(ConditionsPlan.key(s.namespace(), s.link())) && RelayedRate.byTbf(s)
                                ? "kernel engine (tbf) on a relayed link" : engineOf(s.namespace(), s.link()) + " engine")
                        + "]" + (withHits ? hitWords(() -> hits(s.namespace(), s.link())) : ""));
            }
        }
        for (Arriving a : arriving.values()) {
            if (a.spec().namespace().equals(namespace) && !a.spec().isEmpty()) {
                out.add("conditions on " + a.spec().link() + " in " + namespace + " (packets arriving at it, shaped on"
                        + " ifb " + a.ifb() + "): " + a.spec().describe() + " [kernel engine]"
                        + (withHits ? hitWords(() -> arrivingHits(a)) : ""));
            }
        }
        return out;
    }

    /**
     * {@code " (hit N packets, B bytes)"}; a failure message must still be made when the counters cannot be read
     * (a link already gone), so then it says why instead.
     */
    private static String hitWords(Supplier<Hits> hits) {
        try {
            return " (hit " + hits.get() + ")";
        } catch (RuntimeException e) {
            return " (hits unknown: " + e.getMessage() + ")";
        }
    }

    /** What the ifb's qdisc (or htb class) handled since the arrivals' conditions were set. */
    private Hits arrivingHits(Arriving a) {
        NamespaceHandle handle = handles.get(a.spec().namespace());
        int index = RouteClient.of(handle).requireLink(a.ifb()).index();
        return minus(KernelConditionsCount.read(handle, index, a.spec().filtered()), a.base());
    }

    /** Every end whose arrivals are, or are declared to be, shaped on an ifb. */
    private Set<String> arrivalEnds() {
        Set<String> ends = new LinkedHashSet<>(arriving.keySet());
        declared.forEach((end, spec) -> {
            if (arrivesOnIfb(spec)) {
                ends.add(end);
            }
        });
        return ends;
    }

    /** The links carried by a relay, in words: {@code veth0 in ns0 — veth1 in ns1}. */
    synchronized List<String> relayedLinks() {
        return relays.values().stream().distinct()
                .map(r -> r.link() + " in " + r.ns() + " — " + r.peer() + " in " + r.peerNs()).toList();
    }

    /** The relays carrying a link with an end in {@code ns} (for connection faults made by the relay). */
    synchronized List<FrameRelay> relaysOf(String ns) {
        return relays.values().stream().distinct().filter(r -> r.ns().equals(ns) || r.peerNs().equals(ns))
                .map(Relayed::relay).toList();
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
