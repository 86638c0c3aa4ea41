package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What macvlan and VXLAN links share: they are created only in the test's namespaces, may name a link of their
 * namespace to stack on, and take an MTU.
 */
final class StackedLinkRules {
    /** IPv4's minimum MTU (RFC 791) and the largest the kernel's 16-bit IP length field allows. */
    static final int MIN_MTU = 68;
    static final int MAX_MTU = 65535;

    private StackedLinkRules() {
    }

    /**
     * Reports the JVM's namespace, where we would create a link among the machine's own ones and stack it on a link
     * we do not own; true when {@code namespace} is a test namespace.
     */
    static boolean checkNotHost(ValidationContext context, Origin origin, String attribute, String what,
            String namespace) {
        if (!Namespaces.HOST.equals(namespace)) {
            return true;
        }
        context.report(origin, attribute, "is \"host\". netns-junit creates " + what + " only in the test's "
                + "own namespaces, where they vanish with the namespace. Declare a namespace, e.g. "
                + (origin.isBuilder() ? ".namespace(\"h1\")" : "@NetNamespace(\"h1\")") + ", and put it there.");
        return false;
    }

    /**
     * Reports a {@code link} that is not a declared link of {@code namespace} (named by attribute
     * {@code namespaceAttribute}), suggesting its links of the {@code suitable} kinds other than {@code self}; true
     * when it is one.
     */
    static boolean checkLinkOf(ValidationContext context, Origin origin, String attribute, String namespace,
            String link, String purpose, String namespaceAttribute, Set<LinkEnd.Kind> suitable, String self) {
        if (context.index.kind(namespace, link) != null) {
            return true;
        }
        List<String> links = context.index.linksIn(namespace).stream()
                .filter(l -> !l.equals(self) && suitable.contains(context.index.kind(namespace, l))).toList();
        String choices = links.isEmpty()
                ? "; namespace " + quote(namespace) + " declares no link yet: declare one, e.g. a veth end named "
                        + quote(link)
                : ", or use one of its links: " + links.stream().map(Origin::quote).collect(Collectors.joining(", "));
        context.report(origin, attribute, (link.isEmpty() ? "is empty" : "names " + quote(link)
                + ", which is not a declared link of namespace " + quote(namespace)) + ". " + purpose
                + " must be a declared link of the namespace in attribute '" + namespaceAttribute + "'" + choices + ".");
        return false;
    }

    /** Reports an MTU outside 68..65535 (0 = not given); true when it is fine. */
    static boolean checkMtu(ValidationContext context, Origin origin, int mtu, String defaultText) {
        if (mtu == 0 || (mtu >= MIN_MTU && mtu <= MAX_MTU)) {
            return true;
        }
        context.report(origin, "mtu", "is " + mtu + ", outside " + MIN_MTU + ".." + MAX_MTU + ". Use 0 for "
                + defaultText + ", or a value such as 1400.");
        return false;
    }
}
