package io.github.netnsjunit.junit.internal.trace;

import static io.github.netnsjunit.junit.internal.trace.Words.f;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.netlink.nft.Nft;
import io.github.netnsjunit.netlink.nft.TraceEvent;
import java.util.Arrays;
import java.util.Optional;

/**
 * Internal: seed 4. nftables dropped the probe or its reply: a drop rule, or the end of a base chain whose policy
 * is drop (Docker's {@code FORWARD} policy). Names namespace, table, chain, rule handle or policy, and whose table
 * it is: ours, or one netns-junit did not create and never changes.
 */
final class NftDropExplainer implements TraceExplainer {
    @Override
    public Optional<Finding> explain(TraceEvidence e) {
        Optional<NftVerdict> drop = e.nftEvents().stream().filter(v -> v.event().isDrop()).findFirst();
        if (drop.isEmpty()) {
            return Optional.empty();
        }
        NftVerdict v = drop.get();
        TraceEvent t = v.event();
        String table = "table " + Nft.familyName(t.family()) + " " + t.table();
        String whose = v.ours() ? "a table of netns-junit" : "a table netns-junit did not create";
        String decided = t.isPolicy()
                ? "by the policy of chain " + t.chain() + " (policy drop: no rule accepted the packet)"
                : "by rule handle " + t.ruleHandle() + " of chain " + t.chain();
        String sentence = "nftables in " + v.namespace() + " dropped the " + (replyDirection(e, t) ? "reply" : "probe")
                + " to " + f(e.target()) + " " + decided + " in " + table + " (" + whose + ")";
        boolean v6 = e.target().getAddress().length == 16;
        String fix;
        if (v.ours()) {
            fix = "change the declaration that made this rule (@Masquerade/@PortForward in " + v.namespace() + ")";
        } else if (t.isPolicy()) {
            fix = "netns-junit never changes rules it did not create: accept this traffic in that chain before its"
                    + " policy (nft add rule " + Nft.familyName(t.family()) + " " + t.table() + " " + t.chain()
                    + (v6 ? " ip6" : " ip") + " daddr " + f(e.target()) + " accept; for Docker's FORWARD chain: "
                    + (v6 ? "ip6tables" : "iptables") + " -I DOCKER-USER"
                    + " -d " + f(e.target()) + " -j ACCEPT), or keep the traffic out of that namespace";
        } else {
            fix = "netns-junit never changes rules it did not create: remove or narrow rule handle " + t.ruleHandle()
                    + " (nft delete rule " + Nft.familyName(t.family()) + " " + t.table() + " " + t.chain()
                    + " handle " + t.ruleHandle() + "), or keep the traffic out of that namespace";
        }
        return Optional.of(new Finding(PathTrace.Cause.NFT_DROP, sentence, fix));
    }

    /** The dropped packet came from the target (its network header's source is the target address). */
    private static boolean replyDirection(TraceEvidence e, TraceEvent t) {
        byte[] nh = t.networkHeader();
        byte[] target = e.target().getAddress();
        if (target.length == 4 && nh.length >= 20) {
            return Arrays.equals(Arrays.copyOfRange(nh, 12, 16), target);
        }
        if (target.length == 16 && nh.length >= 40) {
            return Arrays.equals(Arrays.copyOfRange(nh, 8, 24), target);
        }
        return false;
    }
}
