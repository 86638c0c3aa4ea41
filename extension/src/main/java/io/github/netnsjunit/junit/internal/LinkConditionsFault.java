package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.CountedFault;
import io.github.netnsjunit.junit.Hits;

/**
 * Internal: the conditions on packets leaving one link end, as a {@link CountedFault}: what they met since they were
 * last set is what the relay carrying the link received from that end. Reads the live state on every call, so it
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

    /**
     * @throws IllegalStateException when no relay carries the link: a qdisc of the kernel engine is not counted
     */
    @Override
    public Hits hits() {
        return conditions.hits(namespace, link).orElseThrow(() -> new IllegalStateException(this + ": the kernel "
                + "engine carries these conditions (a qdisc on the link), and only the userspace relay counts what "
                + "conditions met. Fix: declare the link with @LinkConditions(namespace = \"" + namespace
                + "\", link = \"" + link + "\") (no values needed), so that it is built through the relay."));
    }

    @Override
    public String toString() {
        return "conditions on " + link + " in " + namespace + " (packets leaving it): "
                + conditions.inForce(namespace, link).orElse("none");
    }
}
