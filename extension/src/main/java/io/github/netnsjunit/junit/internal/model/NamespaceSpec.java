package io.github.netnsjunit.junit.internal.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Internal: a validated network namespace of the test.
 *
 * @param name     the name other declarations use, never {@link Namespaces#HOST}
 * @param loopback whether {@code lo} is brought up
 * @param sysctls  sysctls to set inside it, key (e.g. {@code net.ipv4.ip_forward}) to value, in declaration order
 * @param origin   where it was declared
 */
public record NamespaceSpec(String name, boolean loopback, Map<String, String> sysctls, Origin origin) {

    /** Copies the sysctls, keeping their order (they are applied in it). */
    public NamespaceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        sysctls = Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
    }
}
