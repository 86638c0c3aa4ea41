package io.github.netnsjunit.junit;

import io.github.netnsjunit.netlink.capture.FrameTap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a probe went and why it was lost: made by {@link NetNs#trace(String)} (ICMP echo) and
 * {@link NetNs#trace(String, int)} (TCP), which send the probe again while capturing on every link of the
 * topology's namespaces and asking nftables which rule decided each packet. {@link #toString()} reads like the
 * seeds' tcpdump sessions, one line per hop, then the cause in one sentence and the fix:
 *
 * <pre>
 * trace of ICMP echo from dev out of veth0 to 192.168.2.1: no answer
 *   veth0 (dev) out: ARP, Request who-has 192.168.2.1 tell 192.168.2.11 ×3 — no reply
 *   veth1 (dev) in: ARP, Request who-has 192.168.2.1 tell 192.168.2.11 ×3
 * cause (reply via lo): 192.168.2.1 is an address of dev itself, on veth1: ...
 * fix: ...
 * </pre>
 *
 * Immutable; {@link #writePcaps(Path)} writes the captured frames, one pcap file per link, for {@code tcpdump -r}.
 */
public final class PathTrace {
    /** The named causes a trace can report. */
    public enum Cause {
        /** The probe was answered: nothing is wrong on the path. */
        ANSWERED("answered"),
        /** The sender, or a router on the way, has no route to the address. */
        NO_ROUTE("no route"),
        /**
         * A policy routing rule ({@code @PolicyRule}) sent the probe to a table whose route leads elsewhere or
         * nowhere.
         */
        POLICY_ROUTE("policy rule"),
        /** A link on the way is down, or has no carrier because its peer is down. */
        LINK_DOWN("link down"),
        /** ARP or neighbour discovery for the address (or the next hop) went unanswered. */
        NEIGHBOUR_UNANSWERED("ARP/ND unanswered"),
        /** The sender's address sits on a bridge port, so the bridge takes the replies. */
        ADDRESS_ON_BRIDGE_PORT("address on a bridge port"),
        /** The address belongs to the sending namespace itself: the reply would leave through lo. */
        REPLY_VIA_LO("reply via lo"),
        /** The target routes its reply out of another interface than the request came in (rp_filter). */
        ASYMMETRIC_ROUTE("asymmetric route"),
        /** An nftables rule or chain policy dropped the probe or its reply. */
        NFT_DROP("dropped by nftables"),
        /**
         * Small packets pass but large ones with DF are lost: a link on the way is narrower and the ICMP
         * "fragmentation needed" that would tell the sender is dropped, or the link's receiving end is narrower
         * than its sending end (TCP transfers stall after the handshake).
         */
        PMTU_BLACK_HOLE("path MTU black hole"),
        /** The TCP SYN was answered with a reset: nothing listens there. */
        TCP_RESET("TCP reset"),
        /** A network condition or partition of the topology is in force (reported by its own explainer). */
        NETWORK_CONDITION("network condition"),
        /** The probe ran outside its namespace (reported by its own explainer). */
        OUTSIDE_NAMESPACE("outside its namespace"),
        /** Nothing came back and no other cause was recognised. */
        NO_ANSWER("no answer");

        private final String words;

        Cause(String words) {
            this.words = words;
        }

        /** The cause in a few words, e.g. {@code no route}. */
        public String words() {
            return words;
        }
    }

    private final String probe;
    private final String outcome;
    private final List<String> hops;
    private final Cause cause;
    private final String explanation;
    private final String fix;
    private final List<String> nftEvents;
    private final String lostAt;
    private final Map<String, List<FrameTap.Frame>> frames;

    /**
     * Creates a trace; normally made by {@link NetNs#trace(String)}.
     *
     * @param probe       the probe in words, e.g. {@code ICMP echo from ns1 to 172.18.0.2}
     * @param outcome     what it came to, e.g. {@code no answer}
     * @param hops        the hop-by-hop account, one line each
     * @param cause       the named cause
     * @param explanation the cause in one sentence
     * @param fix         the fix
     * @param nftEvents   the nftables trace events, like {@code nft monitor trace}
     * @param lostAt      where the probe was last seen ({@code veth0 (ns0)}), or null
     * @param frames      the captured frames per link, keyed {@code namespace/link}
     */
    public PathTrace(String probe, String outcome, List<String> hops, Cause cause, String explanation, String fix,
            List<String> nftEvents, String lostAt, Map<String, List<FrameTap.Frame>> frames) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.hops = List.copyOf(hops);
        this.cause = Objects.requireNonNull(cause, "cause");
        this.explanation = Objects.requireNonNull(explanation, "explanation");
        this.fix = Objects.requireNonNull(fix, "fix");
        this.nftEvents = List.copyOf(nftEvents);
        this.lostAt = lostAt;
        this.frames = new LinkedHashMap<>(frames);
    }

    /** The probe in words. */
    public String probe() {
        return probe;
    }

    /** True when the probe was answered. */
    public boolean answered() {
        return cause == Cause.ANSWERED;
    }

    /** The hop-by-hop account, one line per link and kind of packet, in time order. */
    public List<String> hops() {
        return hops;
    }

    /** The named cause. */
    public Cause cause() {
        return cause;
    }

    /** The cause in one sentence, naming the namespaces, links, addresses, tables or rules concerned. */
    public String explanation() {
        return explanation;
    }

    /** What to change. */
    public String fix() {
        return fix;
    }

    /** The nftables trace events of the probe's packets, as {@code nft monitor trace} words. */
    public List<String> nftEvents() {
        return nftEvents;
    }

    /** The link where the probe was last seen, e.g. {@code veth0 (ns0)}, if it was seen at all. */
    public Optional<String> lostAt() {
        return Optional.ofNullable(lostAt);
    }

    /** The links with captured frames, as {@code namespace/link}. */
    public List<String> capturedLinks() {
        return List.copyOf(frames.keySet());
    }

    /**
     * Writes the captured frames, one pcap file per link ({@code trace-NAMESPACE-LINK.pcap}, Ethernet, as
     * {@code tcpdump -i LINK -w} would), into {@code directory}; returns the files.
     */
    public List<Path> writePcaps(Path directory) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        frames.forEach((link, list) -> {
            Path file = directory.resolve("trace-" + link.replace('/', '-') + ".pcap");
            FrameTap.writePcap(file, list);
            files.add(file);
        });
        return files;
    }

    /** The account, then the cause and the fix. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("trace of ").append(probe).append(": ").append(outcome).append('\n');
        if (hops.isEmpty()) {
            s.append("  (no packet of the probe was seen on any link)\n");
        }
        hops.forEach(h -> s.append("  ").append(h).append('\n'));
        if (!nftEvents.isEmpty()) {
            s.append("nftables trace:\n");
            nftEvents.forEach(e -> s.append("  ").append(e).append('\n'));
        }
        s.append("cause (").append(cause.words()).append("): ").append(explanation).append('\n');
        s.append("fix: ").append(fix);
        return s.toString();
    }
}
