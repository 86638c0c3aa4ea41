package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.Capture;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Internal: {@code @Capture} in the host namespace may only name links the topology creates there. The host's own
 * interfaces ({@code lo} included: every process on the machine talks over it) carry other programs' traffic, which a
 * test must never record; checked before anything is built.
 */
final class CaptureChecks {
    private CaptureChecks() {
    }

    /** A problem when the capture is in {@code host} and the topology creates no link there. */
    static Optional<String> foreignHost(TopologyModel model, Capture c, Origin origin, Set<String> declared) {
        if (!Namespaces.HOST.equals(c.namespace()) || !declared.isEmpty()) {
            return Optional.empty();
        }
        String namespaces = model.namespaceNames().stream().map(Origin::quote).collect(Collectors.joining(", "));
        return Optional.of(origin + ": attribute 'namespace' is \"host\", where this topology creates no link, and"
                + " netns-junit never captures what it did not create. Capture in a test namespace"
                + (namespaces.isEmpty() ? "" : " (" + namespaces + ")") + ", or declare a link in \"host\" to capture"
                + " on.");
    }

    /** A problem when {@code link} is in {@code host} and not created by the topology. */
    static Optional<String> notOurs(String namespace, String link, Origin origin, Set<String> declared) {
        if (!Namespaces.HOST.equals(namespace) || link.isEmpty() || declared.contains(link)) {
            return Optional.empty();
        }
        return Optional.of(origin + ": attribute 'interfaces' names " + Origin.quote(link) + ", which the topology does"
                + " not create in the host namespace: netns-junit never captures what it did not create. Use one of"
                + " the links it creates there: " + declared.stream().map(Origin::quote).collect(Collectors.joining(", "))
                + ", or capture in a test namespace.");
    }
}
