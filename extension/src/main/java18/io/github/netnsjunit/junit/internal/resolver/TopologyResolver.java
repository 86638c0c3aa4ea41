package io.github.netnsjunit.junit.internal.resolver;

import io.github.netnsjunit.junit.DnsAnswer;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Internal (Java 18+): answers the names of live topologies as {@link LiveNames} chooses them for the calling
 * thread, and passes every other lookup to the JDK's built-in resolver (through {@link LookupCache}).
 */
final class TopologyResolver implements InetAddressResolver {
    private final InetAddressResolver builtin;
    private final LookupCache cache;

    TopologyResolver(InetAddressResolver builtin, LookupCache cache) {
        this.builtin = builtin;
        this.cache = cache;
    }

    @Override
    public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
        LiveNames.Answer answer = LiveNames.lookup(host);
        if (answer instanceof LiveNames.Answer.Found found) {
            Optional<DnsFaultRules.Rule> fault = LiveNames.fault(host);
            if (fault.isPresent()) {
                faulted(host, fault.get());
            }
            List<InetAddress> chosen = select(found.addresses(), policy.characteristics());
            if (chosen.isEmpty()) {
                throw new UnknownHostException(host + ": the topology's addresses of this name are all of the address"
                        + " family this lookup excludes (" + describe(policy.characteristics()) + ")");
            }
            List<InetAddress> named = new ArrayList<>();
            for (InetAddress a : chosen) {
                named.add(InetAddress.getByAddress(host, a.getAddress()));
            }
            return named.stream();
        }
        if (answer instanceof LiveNames.Answer.Ambiguous ambiguous) {
            throw new UnknownHostException(ambiguous.message());
        }
        return cache.lookup(host, policy, () -> builtin.lookupByName(host, policy).toList()).stream();
    }

    @Override
    public String lookupByAddress(byte[] address) throws UnknownHostException {
        Optional<String> ours = LiveNames.reverse(InetAddress.getByAddress(address));
        return ours.isPresent() ? ours.get() : builtin.lookupByAddress(address);
    }

    /**
     * Acts out a DNS fault of the test for an in-JVM lookup: waits the delay, then answers (RECORDS) or fails as
     * the JDK's built-in resolver fails for that answer of a DNS server (an {@link UnknownHostException}). No answer
     * (TIMEOUT) waits {@link #NO_ANSWER_WAIT} first, glibc's timeout for one try of one server.
     */
    private static void faulted(String host, DnsFaultRules.Rule rule) throws UnknownHostException {
        long wait = rule.delay().toMillis() + (rule.answer() == DnsAnswer.TIMEOUT
                ? NO_ANSWER_WAIT.toMillis() : 0);
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException(host + ": interrupted while waiting for the answer (" + rule + ")");
            }
        }
        switch (rule.answer()) {
            case NXDOMAIN -> throw new UnknownHostException(host + ": Name or service not known (NXDOMAIN: a DNS fault"
                    + " of the test, " + rule + ")");
            case SERVFAIL -> throw new UnknownHostException(host + ": Temporary failure in name resolution (SERVFAIL:"
                    + " a DNS fault of the test, " + rule + ")");
            case TIMEOUT -> throw new UnknownHostException(host + ": Temporary failure in name resolution (no answer:"
                    + " a DNS fault of the test, " + rule + ")");
            case RECORDS -> {
                // the delay was the fault
            }
        }
    }

    /** How long an in-JVM lookup waits under a TIMEOUT fault before it fails. */
    static final Duration NO_ANSWER_WAIT = Duration.ofSeconds(5);

    /** The addresses the lookup asks for, in the order it asks for (declaration order otherwise). */
    static List<InetAddress> select(List<InetAddress> addresses, int characteristics) {
        boolean v4 = (characteristics & LookupPolicy.IPV4) != 0;
        boolean v6 = (characteristics & LookupPolicy.IPV6) != 0;
        List<InetAddress> four = addresses.stream().filter(a -> a instanceof Inet4Address).toList();
        List<InetAddress> six = addresses.stream().filter(a -> a instanceof Inet6Address).toList();
        if (v4 && !v6) {
            return four;
        }
        if (v6 && !v4) {
            return six;
        }
        List<InetAddress> out = new ArrayList<>();
        if ((characteristics & LookupPolicy.IPV6_FIRST) != 0) {
            out.addAll(six);
            out.addAll(four);
        } else if ((characteristics & LookupPolicy.IPV4_FIRST) != 0) {
            out.addAll(four);
            out.addAll(six);
        } else {
            out.addAll(addresses);
        }
        return out;
    }

    private static String describe(int characteristics) {
        return (characteristics & LookupPolicy.IPV6) == 0 ? "IPv4 only" : "IPv6 only";
    }
}
