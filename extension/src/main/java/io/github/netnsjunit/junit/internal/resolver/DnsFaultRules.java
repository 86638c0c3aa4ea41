package io.github.netnsjunit.junit.internal.resolver;

import io.github.netnsjunit.junit.DnsAnswer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Internal: the DNS faults in force in one topology, newest last. The server threads read them for every query,
 * the test thread adds and removes them; the newest rule that matches a query decides.
 */
public final class DnsFaultRules {
    /** One fault: for {@code name} (null: every name of the topology), in {@code namespace} (null: every one). */
    public record Rule(String name, String namespace, DnsAnswer answer, Duration delay) {
        boolean matches(String queried, String inNamespace) {
            return (name == null || name.equals(queried)) && (namespace == null || namespace.equals(inNamespace));
        }

        /** {@code dns db: SERVFAIL after 200 ms in ns1}. */
        @Override
        public String toString() {
            return "dns " + (name == null ? "every name" : name) + ": " + answer
                    + (delay.isZero() ? "" : " after " + delay.toMillis() + " ms")
                    + (namespace == null ? " in every namespace" : " in " + namespace);
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    /** Puts a rule in force. */
    public void add(Rule rule) {
        rules.add(rule);
    }

    /** Ends a rule (by identity); false if it was no longer in force. */
    public boolean remove(Rule rule) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (rules.get(i) == rule) {
                rules.remove(i);
                return true;
            }
        }
        return false;
    }

    /** True while {@code rule} is in force. */
    public boolean contains(Rule rule) {
        return rules.stream().anyMatch(r -> r == rule);
    }

    /** Ends every rule (the topology's teardown). */
    void clear() {
        rules.clear();
    }

    /** The rule deciding a query for a name of ours asked in {@code namespace}, or null. */
    Rule find(String name, String namespace) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule r = rules.get(i);
            if (r.matches(name, namespace)) {
                return r;
            }
        }
        return null;
    }

    /** The rules in force, oldest first, for descriptions. */
    public List<Rule> inForce() {
        return List.copyOf(rules);
    }
}
