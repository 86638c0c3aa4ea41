package io.github.netnsjunit.junit.internal.resolver;

import io.github.netnsjunit.junit.DnsAnswer;
import io.github.netnsjunit.junit.DnsFaultBuilder;
import io.github.netnsjunit.junit.DnsRule;
import java.time.Duration;
import java.util.Objects;

/**
 * Internal: {@link DnsFaultBuilder} over a topology's {@link DnsFaultRules}. Each setting is checked as it is made,
 * so a bad one fails at its call with what was wrong and what is allowed; nothing changes before {@link #apply()}.
 */
public final class DnsFaultBuilderImpl implements DnsFaultBuilder {
    /** The longest delay: resolvers give up long before (glibc and Netty after 5 s). */
    public static final Duration MAX_DELAY = Duration.ofSeconds(60);

    private final HostTable table;
    private final DnsFaultRules rules;
    private final String namespace;
    private final String call;
    private String name;
    private DnsAnswer answer = DnsAnswer.RECORDS;
    private Duration delay = Duration.ZERO;

    /**
     * @param rules     the topology's faults; null when the topology declares no names (every call then fails)
     * @param namespace the namespace whose server the fault is for, or null for all
     * @param call      how messages name the call, e.g. {@code Topology.dns()}
     */
    public DnsFaultBuilderImpl(HostTable table, DnsFaultRules rules, String namespace, String call) {
        this.table = table;
        this.rules = rules;
        this.namespace = namespace;
        this.call = call;
        if (rules == null || table.isEmpty()) {
            throw new IllegalStateException(call + ": this topology declares no host names, so it has no DNS server"
                    + " to fault. Declare names with @NetNamespace(hostnames = ...) or @HostEntry (builder:"
                    + " .namespace(\"db\", ns -> ns.hostnames(\"db\")), .hostEntry(name, address)).");
        }
    }

    @Override
    public DnsFaultBuilder name(String hostName) {
        Objects.requireNonNull(hostName, "hostName");
        String key = HostTable.key(hostName);
        if (table.lookup(key).isEmpty()) {
            throw new IllegalArgumentException(call + ".name(\"" + hostName + "\"): not a host name of this topology,"
                    + " so its DNS server never answers it (other names are REFUSED). The topology's names are: "
                    + String.join(", ", table.names().keySet()) + ". Use one of them, or leave name() out to fault"
                    + " every name.");
        }
        name = key;
        return this;
    }

    @Override
    public DnsFaultBuilder answer(DnsAnswer answer) {
        this.answer = Objects.requireNonNull(answer, "answer");
        return this;
    }

    @Override
    public DnsFaultBuilder delay(Duration perAnswer) {
        Objects.requireNonNull(perAnswer, "perAnswer");
        if (perAnswer.isNegative() || perAnswer.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(call + ".delay(" + perAnswer + "): a delay per answer must be between"
                    + " 0 and " + MAX_DELAY.toSeconds() + " s (resolvers give up after about 5 s; for no answer at all"
                    + " use answer(DnsAnswer.TIMEOUT)).");
        }
        delay = perAnswer;
        return this;
    }

    @Override
    public DnsRule apply() {
        DnsFaultRules.Rule rule = new DnsFaultRules.Rule(name, namespace, answer, delay);
        rules.add(rule);
        return new DnsRule() {
            private volatile boolean active = true;

            @Override
            public void close() {
                active = false;
                rules.remove(rule);
            }

            @Override
            public boolean isActive() {
                return active && rules.contains(rule);
            }

            @Override
            public String toString() {
                return rule.toString();
            }
        };
    }
}
