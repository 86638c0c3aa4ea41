package io.github.netnsjunit.junit.internal.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Internal: a validated {@code @HostEntry}.
 *
 * @param name    the host name as declared (a checked DNS name)
 * @param address the address it resolves to
 */
public record HostEntrySpec(String name, InetAddress address, Origin origin) {

    /** Checks all parts are present. */
    public HostEntrySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(origin, "origin");
    }
}
