package io.github.netnsjunit.junit.internal.trace;

import static io.github.netnsjunit.junit.internal.trace.Words.f;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.netlink.icmp.DontFragmentEcho;
import io.github.netnsjunit.netlink.nft.FragmentationNeededRules;
import io.github.netnsjunit.netlink.nft.Nftables;
import io.github.netnsjunit.netlink.nft.TableInfo;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Internal: the path MTU check of a trace whose probe was answered. A ping or a TCP handshake passing says nothing
 * about large packets: when a link on the way ({@link PathMtu}) is narrower than the sender's, one echo request of
 * the sender's MTU with DF set is sent while the trace captures, and silence means a path MTU black hole — a TCP
 * transfer would stall after its handshake. Its cause is named: a rule of ours dropping the router's ICMP
 * "fragmentation needed" ({@code NetNs.dropFragmentationNeeded()}, found in the kernel's ruleset with its counter),
 * some other drop of that ICMP, or a link whose receiving end is narrower than its sending end, where the frame is
 * dropped without any ICMP. IPv6 the same way, in its terms ({@link IcmpWords}): routers never fragment and answer
 * with ICMPv6 "packet too big" (RFC 8201), which an {@code ip6} table of ours drops. Sends nothing when the path does
 * not narrow.
 */
final class PmtuProbe {
    /** No check made: the probe failed or the path does not narrow. */
    static final PmtuProbe NONE = new PmtuProbe(new PathMtu(List.of()), null, List.of(), IcmpWords.V4);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    /** A table of ours that drops "fragmentation needed" in a namespace on the way back to the sender. */
    record Drop(String namespace, String table, String rule, long dropped) {
    }

    private final PathMtu path;
    private final DontFragmentEcho.Result result;
    private final List<Drop> drops;
    private final IcmpWords icmp;

    private PmtuProbe(PathMtu path, DontFragmentEcho.Result result, List<Drop> drops, IcmpWords icmp) {
        this.path = path;
        this.result = result;
        this.drops = drops;
        this.icmp = icmp;
    }

    /** Walks the path and, when it narrows, sends the large echo (the caller captures meanwhile). */
    static PmtuProbe run(List<NamespaceHandle> namespaces, NamespaceHandle from, InetAddress target) {
        IcmpWords icmp = IcmpWords.of(target);
        PathMtu path = PathMtu.walk(namespaces, from, target);
        if (!path.narrows()) {
            return NONE;
        }
        DontFragmentEcho.Result r = DontFragmentEcho.send(from, target, path.senderMtu(),
                DontFragmentEcho.nextIdentifier(), TIMEOUT);
        List<Drop> drops = new ArrayList<>();
        for (PathMtu.Hop h : path.hops()) {
            if (h.namespace().equals(from.name())) {
                continue; // our tables hook output and forward: one in the sender never sees the ICMP it receives
            }
            namespaces.stream().filter(n -> n.name().equals(h.namespace())).findFirst()
                    .ifPresent(ns -> drops.addAll(drops(ns, icmp)));
        }
        return new PmtuProbe(path, r, List.copyOf(drops), icmp);
    }

    private static List<Drop> drops(NamespaceHandle ns, IcmpWords icmp) {
        Nftables nft = new Nftables(ns);
        List<Drop> found = new ArrayList<>();
        for (TableInfo t : nft.tables()) {
            if (t.family() == icmp.nftFamily() && t.name().startsWith(FragmentationNeededRules.TABLE_PREFIX)) {
                // ours (by its name and the target's family): said as nft prints it, with the kernel's counters
                found.add(new Drop(ns.name(), t.name(), icmp.ourRule(),
                        FragmentationNeededRules.dropped(nft, icmp.nftFamily(), t.name())));
            }
        }
        return found;
    }

    /**
     * Did the sender's own veth peer refuse the large echo? When the receiving end of the sender's link is the
     * narrower one, veth_xmit's forward to its peer fails (is_skb_forwardable: longer than the peer's MTU) and returns
     * NET_XMIT_DROP, which ip6_push_pending_frames turns into ENOBUFS (net_xmit_errno): the IPv6 echo is "not sent"
     * although its frame left the link (the capture shows it, and the veth counts it in its tx_dropped). Seen live
     * in VethMtuMismatchIT.Ipv6; the IPv4 echo of VethMtuMismatchIT.Ipv4 meets silence instead.
     */
    private boolean refusedByPeer(String from, Optional<PathMtu.Hop> silent) {
        return result.outcome() == DontFragmentEcho.Outcome.NOT_SENT && "ENOBUFS".equals(result.detail())
                && silent.isPresent() && silent.get().namespace().equals(from);
    }

    /** The identifier of the large echo, to keep its frames in the trace; -2 when none was sent. */
    int identifier() {
        return result == null ? -2 : result.identifier();
    }

    /** The black hole, if the large echo went unanswered (or was refused by the sender's own veth peer). */
    Optional<Finding> finding(String from) {
        if (result == null) {
            return Optional.empty();
        }
        Optional<PathMtu.Hop> silent = path.silentDrop();
        boolean refused = refusedByPeer(from, silent);
        if (result.outcome() != DontFragmentEcho.Outcome.SILENT && !refused) {
            return Optional.empty();
        }
        int size = path.senderMtu();
        String unanswered = "; a " + size + "-byte echo request " + icmp.unfragmented() + (refused
                ? " left " + from + " and was refused by the other end (the send failed with ENOBUFS, the veth's drop)"
                : " got no answer within " + TIMEOUT.toMillis() + " ms")
                + " while small packets and the TCP handshake pass: larger TCP segments"
                + " are lost and retransmitted until the connection times out";
        if (silent.isPresent()) {
            PathMtu.Hop h = silent.get();
            return Optional.of(new Finding(PathTrace.Cause.PMTU_BLACK_HOLE, "path MTU black hole without any ICMP: "
                    + h.namespace() + " sends packets of up to " + h.outMtu() + " bytes out of " + h.outLink()
                    + ", but the other end of that link, " + h.inLink() + " in " + h.next() + ", has MTU " + h.inMtu()
                    + " and drops larger frames on arrival without a word (the kernel discards a frame longer than the"
                    + " receiving device's MTU, and no router is in between to answer '" + icmp.message() + "')"
                    + unanswered,
                    "give both ends of the link the same MTU: mtu = " + h.inMtu() + " on " + h.outLink() + " in "
                            + h.namespace() + " too (on a @VethPair, mtu sets both ends; peerMtu only the other)"));
        }
        Optional<PathMtu.Hop> narrow = path.narrowRouterLink();
        if (narrow.isEmpty()) {
            return Optional.of(new Finding(PathTrace.Cause.PMTU_BLACK_HOLE, "path MTU black hole: packets of " + size
                    + " bytes leave " + from + ", the path narrows to " + path.narrowest() + " bytes" + unanswered,
                    "give the links on the way the same MTU, or let " + icmp.named() + " through"));
        }
        PathMtu.Hop h = narrow.get();
        String first = path.hops().get(0).outLink();
        String head = "path MTU black hole: packets of " + size + " bytes leave " + from + " (out of " + first
                + ", " + icmp.asTcpSends() + "), the link from " + h.namespace() + " to " + h.next() + " ("
                + h.outLink() + ") carries " + h.outMtu() + ", and the " + icmp.named() + " that would tell "
                + from + " to send smaller packets ";
        String align = "or give " + first + " in " + from + " the MTU of the narrow link (mtu = " + h.outMtu()
                + "), so TCP's MSS fits";
        if (!drops.isEmpty()) {
            Drop d = drops.get(0);
            return Optional.of(new Finding(PathTrace.Cause.PMTU_BLACK_HOLE, head + "is dropped by rule \"" + d.rule()
                    + "\" of table " + icmp.nftFamilyName() + " " + d.table() + " in " + d.namespace()
                    + " (netns-junit's, made by NetNs(" + d.namespace() + ").dropFragmentationNeeded(); " + d.dropped()
                    + " dropped so far)" + unanswered,
                    "let '" + icmp.message() + "' through: close the Block that dropFragmentationNeeded() returned in "
                            + d.namespace() + " (a real firewall must pass " + icmp.typeCode() + "), " + align));
        }
        return Optional.of(new Finding(PathTrace.Cause.PMTU_BLACK_HOLE, head + "never comes back from "
                + h.namespace() + " (no rule of netns-junit drops it: see the nftables events and the rules not ours in"
                + " the state dump)" + unanswered,
                "find what drops " + icmp.typeCode() + " between " + h.namespace() + " and " + from
                        + " and let it through, " + align));
    }

    /** The path's MTUs in words, for the hop account: {@code MTUs: ns0 a0 1500 -> r1 a1 1500; ...}. */
    Optional<String> describe() {
        if (path.hops().isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (PathMtu.Hop h : path.hops()) {
            parts.add(h.namespace() + " " + h.outLink() + " mtu " + h.outMtu() + " -> " + h.next() + " " + h.inLink()
                    + " mtu " + h.inMtu());
        }
        return Optional.of("path MTUs: " + String.join("; ", parts) + (result == null ? "" : "; large echo ("
                + result.size() + " bytes, " + icmp.unfragmentedShort() + ") to the target: " + words(result)));
    }

    private String words(DontFragmentEcho.Result r) {
        return switch (r.outcome()) {
            case REPLIED -> "answered";
            case FRAGMENTATION_NEEDED -> icmp.message() + " (mtu " + r.nextHopMtu() + ") from " + f(r.reporter());
            case OTHER_ERROR -> r.detail() + " from " + f(r.reporter());
            case NOT_SENT -> "not sent (" + r.detail() + ")";
            case SILENT -> "no answer";
        };
    }
}
