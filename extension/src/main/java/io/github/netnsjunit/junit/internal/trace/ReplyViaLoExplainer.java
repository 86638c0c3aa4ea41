package io.github.netnsjunit.junit.internal.trace;

import static io.github.netnsjunit.junit.internal.trace.Words.f;
import static io.github.netnsjunit.junit.internal.trace.Words.q;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.Link;
import java.net.Inet4Address;
import java.util.Optional;

/**
 * Internal: seed 3's second case. The target is an address of the sending namespace itself, on another link than
 * the one the probe is sent out of ({@code ping -I veth0} to veth1's address, both ends in one namespace). The
 * request crosses the pair, but the kernel answers its own addresses through {@code lo}, and with
 * {@code accept_local=0} it drops what arrives with one of its own addresses as source, ARP requests included.
 */
final class ReplyViaLoExplainer implements TraceExplainer {
    @Override
    public Optional<Finding> explain(TraceEvidence e) {
        NamespaceState src = e.source();
        Optional<Link> holder = src.owner(e.target());
        if (holder.isEmpty() || e.sourceInterface() == null || holder.get().name().equals(e.sourceInterface())) {
            return Optional.empty();
        }
        String out = e.sourceInterface();
        String in = holder.get().name();
        String source = src.link(out)
                .flatMap(l -> src.addresses().stream().filter(a -> a.index() == l.index()
                        && a.prefix().isIpv4() == (e.target() instanceof Inet4Address)).findFirst())
                .map(Address::prefix).map(p -> f(p.address())).orElse("its own address");
        String acceptLocal = src.sysctl("net.ipv4.conf." + in + ".accept_local");
        String sentence = f(e.target()) + " is an address of " + src.name() + " itself, on " + in + ": the request"
                + " leaves through " + out + " and arrives on " + in + ", but " + src.name() + " drops what arrives"
                + " there from " + source + ", one of its own addresses (accept_local=" + acceptLocal + " on " + in
                + "; ARP requests included), and its reply would leave through lo, not " + in;
        String fix = "as seed 3 does: @NetNamespace(value = " + q(src.name()) + ", sysctl = {"
                + q("net.ipv4.conf." + out + ".accept_local=1") + ", " + q("net.ipv4.conf." + in + ".accept_local=1")
                + ", " + q("net.ipv4.conf.all.rp_filter=0") + "}), or move " + in + " into a namespace of its own"
                + " (@VethPair(peerNamespace = ...))";
        return Optional.of(new Finding(PathTrace.Cause.REPLY_VIA_LO, sentence, fix));
    }
}
