package io.github.netnsjunit.junit.internal.trace;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.capture.FrameTap;
import io.github.netnsjunit.netlink.icmp.IcmpEcho;
import io.github.netnsjunit.netlink.icmp.PingError;
import io.github.netnsjunit.netlink.icmp.PingReport;
import io.github.netnsjunit.netlink.nft.Nft;
import io.github.netnsjunit.netlink.nft.NftTrace;
import io.github.netnsjunit.netlink.nft.TraceEvent;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.route.RouteClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Internal: runs one trace. It opens a {@link FrameTap} in every namespace of the topology and an {@link NftTrace}
 * in every namespace of ours, sends the probe again (up to three echoes 200 ms apart, or one TCP connection, each
 * given a second), reads what the taps and nftables saw and every namespace's state, and closes the taps and the
 * trace tables in every case (a failure, an interrupt, a timeout) before it asks the explainers. It starts no
 * thread: the kernel queues the frames and the trace events while the probe runs.
 */
public final class PathTracer {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final int SETTLE_MILLIS = 30;
    private static final String OUR_TABLES = "netns_junit";
    private static final List<TraceExplainer> BUILT_IN = List.of(
            new TcpResetExplainer(), new LinkDownExplainer(), new PolicyRouteExplainer(), new NoRouteExplainer(),
            new ReplyViaLoExplainer(),
            new BridgePortExplainer(), new NftDropExplainer(), new AsymmetricRouteExplainer(),
            new NeighbourExplainer(), new SilenceExplainer());

    private final List<NamespaceHandle> namespaces;
    private final TopologyModel model;
    private final List<TraceExplainer> extra;
    private final Consumer<PathTrace> made;

    /**
     * @param namespaces every namespace of the topology ({@code host} only when the test declared it)
     * @param model      the declared topology
     * @param extra      explainers asked before the built-in ones (conditions, partitions, outside-namespace code)
     * @param made       told of every trace made (the failure report attaches them)
     */
    public PathTracer(List<NamespaceHandle> namespaces, TopologyModel model, List<TraceExplainer> extra,
            Consumer<PathTrace> made) {
        this.made = made;
        this.namespaces = List.copyOf(namespaces);
        this.model = model;
        this.extra = List.copyOf(extra);
    }

    /** Traces an ICMP echo ({@code port < 0}) or a TCP connection from {@code from} to {@code target}. */
    public PathTrace trace(NamespaceHandle from, InetAddress target, int port, String sourceInterface) {
        List<FrameTap> taps = new ArrayList<>();
        List<NftTrace> nft = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, List<FrameTap.Frame>> frames = new LinkedHashMap<>();
        List<NftVerdict> verdicts = new ArrayList<>();
        Probe probe;
        PmtuProbe mtu = PmtuProbe.NONE;
        try {
            for (NamespaceHandle ns : namespaces) {
                taps.add(FrameTap.open(ns));
                try {
                    nft.add(NftTrace.start(ns, target));
                } catch (RuntimeException e) {
                    notes.add("nftables trace unavailable in " + ns.name() + ": " + e.getMessage());
                }
            }
            probe = port < 0 ? ping(from, target, sourceInterface) : connect(from, target, port);
            if (probe.outcome == TraceEvidence.Outcome.ANSWERED) {
                mtu = PmtuProbe.run(namespaces, from, target); // small packets pass: do large ones?
            }
            sleepQuietly(SETTLE_MILLIS); // frames of the last reply may still be on their way through a veth
            for (FrameTap tap : taps) {
                frames.put(tap.namespace(), tap.drain());
            }
            for (NftTrace t : nft) {
                for (TraceEvent ev : t.events(0)) {
                    if (ev.type() == Nft.NFT_TRACETYPE_RULE && ev.ruleHandle() == 0) {
                        continue; // the "packet:" event of a chain's entry (no rule yet): nft monitor trace's header
                    }
                    // the extension's NAT tables are netns_junit or netns_junit_<pid>_<n> (NatSetup)
                    verdicts.add(new NftVerdict(t.namespace(), ev, ev.table().startsWith(OUR_TABLES)));
                }
            }
        } finally {
            closeAll(taps, nft);
        }
        Map<String, NamespaceState> states = new LinkedHashMap<>();
        for (NamespaceHandle ns : namespaces) {
            RouteClient rc = RouteClient.of(ns);
            states.put(ns.name(), new NamespaceState(ns.name(), rc.links(), rc.addresses(), rc::route,
                    rc.neighbours(), ns::sysctl));
        }
        int largeEcho = mtu.identifier();
        List<Packet> seen = new ArrayList<>();
        Map<String, List<FrameTap.Frame>> perLink = new LinkedHashMap<>();
        frames.forEach((ns, list) -> {
            NamespaceState state = states.get(ns);
            for (FrameTap.Frame f : list) {
                String link = state.linkName(f.ifindex());
                Packet p = PacketDecoder.decode(ns, link, f.outgoing(), f.nanos(), f.data());
                if (relevant(p, probe, target, port) || p.kind() == Packet.Kind.ECHO_REQUEST
                        && p.identifier() == largeEcho) {
                    seen.add(p);
                    perLink.computeIfAbsent(ns + "/" + link, k -> new ArrayList<>()).add(f);
                }
            }
        });
        List<Packet> packets = PathOrder.sort(seen);
        TraceEvidence evidence = new TraceEvidence(from.name(), target, port, sourceInterface, probe.outcome,
                probe.detail, List.copyOf(packets), List.copyOf(verdicts), states, model);
        Finding finding = probe.outcome == TraceEvidence.Outcome.ANSWERED ? mtu.finding(from.name()).orElseGet(() ->
                new Finding(PathTrace.Cause.ANSWERED, IpAddresses.format(target) + " answered the " + (port < 0
                        ? "echo request" : "SYN") + ": the path works", "nothing to fix"))
                : explain(evidence);
        List<String> hops = new ArrayList<>(HopAccount.lines(packets));
        mtu.describe().ifPresent(hops::add);
        Map<String, Integer> nftCounts = new LinkedHashMap<>();
        verdicts.forEach(v -> nftCounts.merge(v.toString(), 1, Integer::sum));
        List<String> nftLines = new ArrayList<>();
        nftCounts.forEach((line, n) -> nftLines.add(line + (n > 1 ? " ×" + n : "")));
        notes.forEach(n -> nftLines.add("(" + n + ")"));
        String lostAt = packets.stream().filter(p -> p.kind() == Packet.Kind.ECHO_REQUEST
                        || p.kind() == Packet.Kind.TCP_SYN || p.isNeighbourRequest())
                .reduce((a, b) -> b).map(p -> p.link() + " (" + p.namespace() + ")").orElse(null);
        PathTrace trace = new PathTrace(evidence.probe(), probe.words, hops, finding.cause(),
                finding.sentence(), finding.fix(), nftLines, lostAt, perLink);
        made.accept(trace);
        return trace;
    }

    private Finding explain(TraceEvidence evidence) {
        List<TraceExplainer> all = new ArrayList<>(extra);
        all.addAll(BUILT_IN);
        for (TraceExplainer x : all) {
            Optional<Finding> f = x.explain(evidence);
            if (f.isPresent()) {
                return f.get();
            }
        }
        throw new IllegalStateException("the last explainer always answers");
    }

    /** What the probe came to, with its ICMP identifier when it was an echo. */
    private record Probe(TraceEvidence.Outcome outcome, String detail, String words, int identifier) {
    }

    private static Probe ping(NamespaceHandle from, InetAddress target, String sourceInterface) {
        PingReport r = IcmpEcho.probe(from, target, 3, PROBE_TIMEOUT, Duration.ofMillis(200), sourceInterface);
        return switch (r.outcome()) {
            case ANSWERED -> new Probe(TraceEvidence.Outcome.ANSWERED, "", "answered", r.identifier());
            case NOT_SENT -> {
                PingError refused = r.sendFailure().orElseThrow();
                String errno = refused.errnoName().orElseThrow();
                yield new Probe(refused.isNoRoute() ? TraceEvidence.Outcome.NO_ROUTE : TraceEvidence.Outcome.NOT_SENT,
                        errno, "not sent (" + errno + ")", r.identifier());
            }
            case ICMP_ERROR -> {
                String errors = String.join("; ", r.errors().stream().map(PingError::toString).distinct().toList());
                yield new Probe(TraceEvidence.Outcome.ICMP_ERROR, errors, errors, r.identifier());
            }
            case SILENT -> new Probe(TraceEvidence.Outcome.SILENT, "", "no answer within " + PROBE_TIMEOUT.toMillis()
                    + " ms of the last of " + r.sent() + " echo requests", r.identifier());
        };
    }

    private static Probe connect(NamespaceHandle from, InetAddress target, int port) {
        ConnectOutcome.Attempt a = from.callUnchecked(() -> ConnectOutcome.tryOnce(target, port, PROBE_TIMEOUT));
        return switch (a.outcome()) {
            case ACCEPTED -> new Probe(TraceEvidence.Outcome.ANSWERED, "", "connected", -1);
            case TIMED_OUT -> new Probe(TraceEvidence.Outcome.SILENT, "", "no answer within " + PROBE_TIMEOUT.toMillis()
                    + " ms", -1);
            case REFUSED -> new Probe(TraceEvidence.Outcome.REFUSED, a.message(), "refused (TCP reset)", -1);
            case NO_ROUTE -> new Probe(TraceEvidence.Outcome.NO_ROUTE, "ENETUNREACH", "not sent (ENETUNREACH)", -1);
            case HOST_UNREACHABLE, OTHER -> new Probe(TraceEvidence.Outcome.ICMP_ERROR, a.message(), a.message(), -1);
        };
    }

    /** The probe's own packets, the neighbour resolution on the way, and ICMP errors. */
    private static boolean relevant(Packet p, Probe probe, InetAddress target, int port) {
        return switch (p.kind()) {
            case ARP_REQUEST, ARP_REPLY, ND_SOLICIT, ND_ADVERT, ICMP_ERROR -> true;
            case ECHO_REQUEST, ECHO_REPLY -> port < 0 && p.identifier() == probe.identifier;
            case TCP_SYN, TCP_SYN_ACK, TCP_RESET, TCP_OTHER -> port >= 0
                    && (p.sequence() == port || p.identifier() == port);
            case OTHER -> false;
        };
    }

    private static void closeAll(List<FrameTap> taps, List<NftTrace> nft) {
        RuntimeException first = null;
        for (AutoCloseable c : concat(taps, nft)) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static List<AutoCloseable> concat(List<FrameTap> taps, List<NftTrace> nft) {
        List<AutoCloseable> all = new ArrayList<>(taps);
        all.addAll(nft);
        return all;
    }

    private static void sleepQuietly(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
