package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The state of one validation pass: the index of the whole topology, the problems found so far, and what
 * earlier declarations have claimed (link names, addresses), so that a duplicate is reported at its second
 * occurrence, pointing at the first.
 */
final class ValidationContext {

    final TopologyIndex index;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Map<String, String>> claimedLinks = new HashMap<>();
    private final Map<String, Map<InetAddress, String>> claimedAddresses = new HashMap<>();
    private final List<Assignment> assignments = new ArrayList<>();

    ValidationContext(TopologyIndex index) {
        this.index = index;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    int problemCount() {
        return problems.size();
    }

    void report(Origin origin, String text) {
        problems.add(origin + ": " + text);
    }

    void report(Origin origin, String attribute, String text) {
        report(origin, "attribute '" + attribute + "' " + text);
    }

    /** Reports an undeclared namespace; true when {@code name} may be used. */
    boolean checkNamespace(Origin origin, String attribute, String name) {
        Optional<String> problem = namespaceReference(index.namespaces(), name, origin, attribute);
        problem.ifPresent(problems::add);
        return problem.isEmpty();
    }

    /** The full problem line for a reference to an undeclared namespace, if it is one. */
    static Optional<String> namespaceReference(Collection<String> declared, String name, Origin origin,
                                               String attribute) {
        if (name.equals(Namespaces.HOST) || declared.contains(name)) {
            return Optional.empty();
        }
        Set<String> choices = new LinkedHashSet<>(declared);
        choices.add(Namespaces.HOST);
        String list = choices.stream().map(Origin::quote).collect(Collectors.joining(", "));
        String prefix = origin + ": attribute '" + attribute + "' ";
        if (name.isEmpty()) {
            return Optional.of(prefix + "is empty. Name the namespace to use, one of: " + list + ".");
        }
        return Optional.of(prefix + "names " + quote(name) + ", which is not declared. Declare it with "
                + (origin.isBuilder() ? ".namespace(" + quote(name) + ")" : "@NetNamespace(" + quote(name) + ")")
                + ", or use one of: " + list + ".");
    }

    /** Reports a name the kernel would refuse; true when it is acceptable. */
    boolean checkLinkName(Origin origin, String attribute, String name) {
        Optional<String> problem = NameRules.linkName(name);
        problem.ifPresent(p -> report(origin, attribute, p));
        return problem.isEmpty();
    }

    /** Records a link declared in a namespace, reporting {@code lo} and names already taken there. */
    void claimLink(Origin origin, String attribute, String namespace, String name) {
        if (name.equals("lo")) {
            report(origin, attribute, "is \"lo\", the loopback link every namespace already has. Choose another name.");
            return;
        }
        Map<String, String> taken = claimedLinks.computeIfAbsent(namespace, k -> new HashMap<>());
        String first = taken.putIfAbsent(name, origin + " (attribute '" + attribute + "')");
        if (first != null) {
            report(origin, attribute, "declares link " + quote(name) + " in namespace " + quote(namespace)
                    + " a second time; it is already declared by " + first
                    + ". Link names must be unique within a namespace: rename one of them.");
        }
    }

    /**
     * Parses interface addresses, reporting malformed ones and addresses already assigned in the namespace.
     * A prefix length is required: without it the kernel would assign a /32 (/128) and the neighbours
     * would silently be unreachable.
     */
    List<IpPrefix> interfaceAddresses(Origin origin, String attribute, String namespace, String link,
            List<String> texts) {
        List<IpPrefix> out = new ArrayList<>();
        for (String text : texts) {
            if (!text.contains("/")) {
                report(origin, attribute, "has " + quote(text) + ", which lacks a prefix length. Write ADDRESS/LENGTH, e.g. "
                        + quote(withTypicalLength(text)) + "; the length decides which network is directly reachable.");
                continue;
            }
            IpPrefix prefix;
            try {
                prefix = IpPrefix.parse(text);
            } catch (IllegalArgumentException e) {
                report(origin, attribute, "has " + quote(text) + ", which is not a valid CIDR address: " + e.getMessage()
                        + ". Write ADDRESS/LENGTH, e.g. \"172.18.0.2/24\" or \"fd00::2/64\".");
                continue;
            }
            Map<InetAddress, String> taken = claimedAddresses.computeIfAbsent(namespace, k -> new LinkedHashMap<>());
            String first = taken.putIfAbsent(prefix.address(), origin + " (attribute '" + attribute + "')");
            if (first != null) {
                report(origin, attribute, "has " + quote(text) + ", but " + IpAddresses.format(prefix.address())
                        + " is already assigned in namespace " + quote(namespace) + " by " + first
                        + ". An address can be assigned only once per namespace: use another one.");
                continue;
            }
            if (!checkAcrossTopology(origin, attribute, namespace, link, text, prefix)) {
                continue;
            }
            out.add(prefix);
        }
        return out;
    }

    /** Where an address was assigned, for the checks across links and namespaces. */
    private record Assignment(String namespace, String link, IpPrefix prefix, Origin origin, String where) {
    }

    /**
     * The same address in two namespaces, or overlapping networks on two links of one namespace: both make a
     * reachability test pass or fail for the wrong reason (a ping answered by the wrong namespace, or routed out of
     * the other link). The JVM's namespace is not checked: its own links are not ours to judge. Both ends of one veth
     * pair in one namespace may share a network: that loop is deliberate (seed 3, with accept_local).
     */
    private boolean checkAcrossTopology(Origin origin, String attribute, String namespace, String link, String text,
            IpPrefix prefix) {
        if (namespace.equals(Namespaces.HOST)) {
            return true;
        }
        String here = origin + " (attribute '" + attribute + "')";
        for (Assignment a : assignments) {
            if (!a.namespace().equals(namespace) && a.prefix().address().equals(prefix.address())) {
                report(origin, attribute, "has " + quote(text) + ", but " + IpAddresses.format(prefix.address())
                        + " is already assigned in namespace " + quote(a.namespace()) + " by " + a.where()
                        + ". With one address on two links of a topology, a test reaches whichever namespace the route"
                        + " leads to first (a ping to it may even be answered locally): use another address.");
                return false;
            }
            if (a.namespace().equals(namespace) && !a.link().equals(link) && a.origin() != origin
                    && a.prefix().overlaps(prefix)) {
                report(origin, attribute, "has " + quote(text) + " on link " + quote(link) + ", whose network "
                        + prefix.network() + " overlaps " + a.prefix() + " on link " + quote(a.link()) + " of namespace "
                        + quote(namespace) + " (" + a.where() + "). The kernel would route that range out of one link"
                        + " only: give each link of a namespace a network of its own (e.g. another /24), or put the links"
                        + " in one @Bridge and the address on the bridge.");
                return false;
            }
        }
        assignments.add(new Assignment(namespace, link, prefix, origin, here));
        return true;
    }

    private static String withTypicalLength(String text) {
        try {
            return IpAddresses.format(IpAddresses.parse(text)) + (text.contains(":") ? "/64" : "/24");
        } catch (IllegalArgumentException e) {
            return "172.18.0.2/24";
        }
    }

    /**
     * Reports a reference to a link that is not declared in the namespace. The JVM's own namespace is
     * exempt: its links (eth0, docker0...) are not ours to know.
     */
    void checkLinkReference(Origin origin, String attribute, String namespace, String link, String alternative) {
        if (link.isEmpty() || namespace.equals(Namespaces.HOST) || index.linksIn(namespace).contains(link)) {
            return;
        }
        String links = index.linksIn(namespace).stream().map(Origin::quote).collect(Collectors.joining(", "));
        report(origin, attribute, "names " + quote(link) + ", which is not a link in namespace " + quote(namespace)
                + ". Use one of its links: " + links + ", " + alternative + ".");
    }
}
