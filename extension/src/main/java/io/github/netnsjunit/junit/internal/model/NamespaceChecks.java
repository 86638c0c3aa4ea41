package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Checks {@code @NetNamespace} declarations: names, the reserved {@code host}, duplicates, sysctls. */
final class NamespaceChecks {

    private final ValidationContext context;
    private final Map<String, Origin> declared = new HashMap<>();

    NamespaceChecks(ValidationContext context) {
        this.context = context;
    }

    /** The spec, or null when the declaration has a problem. */
    NamespaceSpec check(Declaration.Namespace d) {
        int before = context.problemCount();
        Origin origin = d.origin();
        // The annotation's attribute is value(); the builder's parameter is name.
        String attribute = origin.isBuilder() ? "name" : "value";
        Optional<String> badName = NameRules.namespaceName(d.name());
        if (badName.isPresent()) {
            context.report(origin, attribute, badName.get());
        } else if (d.name().equals(Namespaces.HOST)) {
            context.report(origin, attribute, "is \"host\", which is reserved for the JVM's own network namespace and "
                    + "cannot be declared. Remove this declaration to use the JVM's namespace as \"host\", "
                    + "or choose another name for a fresh namespace.");
        } else {
            Origin first = declared.putIfAbsent(d.name(), origin);
            if (first != null) {
                context.report(origin, attribute, "declares namespace " + quote(d.name())
                        + " a second time; it is already declared by " + first
                        + ". Remove one of the declarations, or give this one another name.");
            }
        }
        Map<String, String> sysctls = sysctls(d);
        return context.problemCount() == before ? new NamespaceSpec(d.name(), d.loopback(), sysctls, origin) : null;
    }

    private Map<String, String> sysctls(Declaration.Namespace d) {
        Map<String, String> sysctls = new LinkedHashMap<>();
        for (String entry : d.sysctls()) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                context.report(d.origin(), "sysctl", "has " + quote(entry)
                        + ", which is not of the form key=value. Write e.g. \"net.ipv4.ip_forward=1\".");
                continue;
            }
            String key = entry.substring(0, eq).trim();
            String value = entry.substring(eq + 1).trim();
            if (!key.startsWith("net.") || key.length() == 4 || key.chars().anyMatch(Character::isWhitespace)) {
                context.report(d.origin(), "sysctl", "has " + quote(entry) + ", whose key " + quote(key)
                        + " is not a network sysctl; only keys under \"net.\" belong to a network namespace. "
                        + "Write e.g. \"net.ipv4.ip_forward=1\".");
                continue;
            }
            if (value.isEmpty()) {
                context.report(d.origin(), "sysctl", "has " + quote(entry)
                        + ", whose value is empty. Write the value after '=', e.g. " + quote(key + "=1") + ".");
                continue;
            }
            Set<String> links = new TreeSet<>(context.index.linksIn(d.name()));
            links.add("lo");
            Optional<String> unknown = SysctlKeys.problem(key, links);
            if (unknown.isPresent()) {
                context.report(d.origin(), "sysctl", "has " + quote(entry) + ", whose key " + quote(key) + " "
                        + unknown.get());
                continue;
            }
            String earlier = sysctls.putIfAbsent(key, value);
            if (earlier != null) {
                context.report(d.origin(), "sysctl", "has " + quote(entry) + ", but " + quote(key)
                        + " is already set to " + quote(earlier) + " by this declaration. Keep one of the two entries.");
            }
        }
        return sysctls;
    }
}
