package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.internal.model.Namespaces;
import java.util.Map;

/**
 * Internal: the real names of one topology's links. Declared names are real names, except in {@code host}, where
 * {@link HostLinkNames} gives declared links unique names (two tests or JVMs must not clash there); the factory sets
 * those once, while building.
 */
final class LinkNames {
    private volatile Map<String, String> hostAliases = Map.of();

    void hostAliases(Map<String, String> aliases) {
        hostAliases = Map.copyOf(aliases);
    }

    /** The real name of {@code declared} in {@code namespace}. */
    String real(String namespace, String declared) {
        return Namespaces.HOST.equals(namespace) ? hostAliases.getOrDefault(declared, declared) : declared;
    }
}
