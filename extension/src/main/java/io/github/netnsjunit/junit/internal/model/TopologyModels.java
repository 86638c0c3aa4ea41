package io.github.netnsjunit.junit.internal.model;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Internal: checks references to the topology's namespaces made outside the topology itself, in the words of the
 * validator. (Turning declarations into a validated model, with the exception a user sees, is
 * {@code internal.declaration.ValidatedTopologies}: this package imports nothing of the API package.)
 */
public final class TopologyModels {

    private TopologyModels() {
    }

    /**
     * Checks a reference to a namespace made outside the topology itself ({@code @InNamespace},
     * {@code @Ns}, a lifecycle method...), in the same words as the validator.
     *
     * @param name      the namespace named, e.g. {@code "ns1"}; {@link Namespaces#HOST} is always valid
     * @param origin    where the reference is written, e.g. {@code new Origin("@InNamespace(\"ns1\")",
     *                  "method FooTest.pings()")}
     * @param attribute the attribute holding the name, e.g. {@code "value"}
     * @return the problem line when {@code name} is not declared in {@code model}
     */
    public static Optional<String> checkNamespaceReference(TopologyModel model, String name, Origin origin,
                                                           String attribute) {
        return ValidationContext.namespaceReference(model.namespaceNames(), name, origin, attribute);
    }

    /**
     * Like {@link #checkNamespaceReference(TopologyModel, String, Origin, String)}, against the namespaces declared
     * in raw declarations, so that such references are reported together with the topology's own problems.
     */
    public static Optional<String> checkNamespaceReference(RawTopology raw, String name, Origin origin,
                                                           String attribute) {
        Set<String> declared = new LinkedHashSet<>();
        for (Declaration d : raw.declarations()) {
            if (d instanceof Declaration.Namespace n && !Namespaces.HOST.equals(n.name())) {
                declared.add(n.name());
            }
        }
        return ValidationContext.namespaceReference(declared, name, origin, attribute);
    }
}
