package io.github.netnsjunit.junit.internal.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Internal: a validated network namespace of the test.
 *
 * @param name     the name other declarations use, never {@link Namespaces#HOST}
 * @param loopback whether {@code lo} is brought up
 * @param sysctls  sysctls to set inside it, key (e.g. {@code net.ipv4.ip_forward}) to value, in declaration order
 * @param hostnames host names resolving to its addresses while the topology lives, as declared (checked DNS names)
 * @param origin   where it was declared
 */
public record NamespaceSpec(String name, boolean loopback, Map<String, String> sysctls, List<String> hostnames,
                            Origin origin) {

    /** Copies the sysctls, keeping their order (they are applied in it), and the host names. */
    public NamespaceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        sysctls = Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
        hostnames = List.copyOf(hostnames);
    }

    /** A namespace without host names. */
    public NamespaceSpec(String name, boolean loopback, Map<String, String> sysctls, Origin origin) {
        this(name, loopback, sysctls, List.of(), origin);
    }
}
