package io.github.netnsjunit.junit.internal.resolver;

import io.github.netnsjunit.junit.DnsAnswer;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Internal: what our DNS server answers in one namespace of a topology. It knows the topology's names only and never
 * forwards (no query may leave the topology):
 * <ul>
 *   <li>a name of the topology: its A or AAAA records (an empty NOERROR answer for the other family or another
 *       type), unless a {@link DnsFaultRules fault} says otherwise;</li>
 *   <li>a name of ours with a suffix ({@code db.corp.example}): NXDOMAIN. Resolvers append the search domains of
 *       {@code resolv.conf} to short names first (glibc with fewer dots than {@code ndots}), and go on to the next
 *       candidate after NXDOMAIN but stop at REFUSED;</li>
 *   <li>a reverse name ({@code in-addr.arpa}, {@code ip6.arpa}) of an address of ours: its first name (PTR);</li>
 *   <li>anything else: REFUSED, at once — "not a name this server serves, and it does not recurse", so lookups of
 *       real names fail fast instead of timing out.</li>
 * </ul>
 */
final class DnsZone {
    /** What to send, after {@code delay}; {@code reply} null: send nothing (a {@link DnsAnswer#TIMEOUT} fault). */
    record Reply(byte[] reply, Duration delay) {
    }

    private final HostTable table;
    private final DnsFaultRules rules;
    private final String namespace;

    DnsZone(HostTable table, DnsFaultRules rules, String namespace) {
        this.table = table;
        this.rules = rules;
        this.namespace = namespace;
    }

    Reply answer(DnsMessage.Query q) {
        if (!q.isStandardQuery()) {
            return new Reply(DnsMessage.answer(q, DnsMessage.NOTIMP, List.of(), null), Duration.ZERO);
        }
        String name = HostTable.key(q.name());
        Optional<List<InetAddress>> ours = table.lookup(name);
        if (ours.isPresent()) {
            DnsFaultRules.Rule rule = rules.find(name, namespace);
            DnsAnswer kind = rule == null ? DnsAnswer.RECORDS : rule.answer();
            Duration delay = rule == null ? Duration.ZERO : rule.delay();
            return switch (kind) {
                case TIMEOUT -> new Reply(null, delay);
                case NXDOMAIN -> new Reply(DnsMessage.answer(q, DnsMessage.NXDOMAIN, List.of(), null), delay);
                case SERVFAIL -> new Reply(DnsMessage.answer(q, DnsMessage.SERVFAIL, List.of(), null), delay);
                case RECORDS -> new Reply(DnsMessage.answer(q, DnsMessage.NOERROR, records(ours.get(), q), null), delay);
            };
        }
        if (q.type() == DnsMessage.TYPE_PTR) {
            Optional<String> reverse = DnsMessage.reverseAddress(name).flatMap(table::reverse);
            if (reverse.isPresent()) {
                return new Reply(DnsMessage.answer(q, DnsMessage.NOERROR, List.of(), reverse.get()), Duration.ZERO);
            }
        }
        for (String own : table.names().keySet()) {
            if (name.startsWith(own + ".")) {
                return new Reply(DnsMessage.answer(q, DnsMessage.NXDOMAIN, List.of(), null), Duration.ZERO);
            }
        }
        return new Reply(DnsMessage.answer(q, DnsMessage.REFUSED, List.of(), null), Duration.ZERO);
    }

    private static List<InetAddress> records(List<InetAddress> addresses, DnsMessage.Query q) {
        if (q.qclass() != DnsMessage.CLASS_IN) {
            return List.of();
        }
        return switch (q.type()) {
            case DnsMessage.TYPE_A -> addresses.stream().filter(a -> a instanceof Inet4Address).toList();
            case DnsMessage.TYPE_AAAA -> addresses.stream().filter(a -> a instanceof Inet6Address).toList();
            default -> List.of();
        };
    }
}
