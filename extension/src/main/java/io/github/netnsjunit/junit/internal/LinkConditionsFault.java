package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.CountedFault;
import io.github.netnsjunit.junit.Hits;

/**
 * Internal: the conditions on packets leaving one link end, as a {@link CountedFault}: what they met since they were
 * last set is what the relay carrying the link received from that end, or on the kernel engine what their qdisc (or
 * htb class) handled ({@link KernelConditionsCount}). Reads the live state on every call, so it
 * follows later {@code conditions(...)} changes.
 */
final class LinkConditionsFault implements CountedFault {
    private final LiveConditions conditions;
    private final String namespace;
    private final String link;

    LinkConditionsFault(LiveConditions conditions, String namespace, String link) {
        this.conditions = conditions;
        this.namespace = namespace;
        this.link = link;
    }

    @Override
    public Hits hits() {
        return conditions.hits(namespace, link);
    }

    @Override
    public String toString() {
        return "conditions on " + link + " in " + namespace + " (packets leaving it): "
                + conditions.inForce(namespace, link).orElse("none");
    }
}
