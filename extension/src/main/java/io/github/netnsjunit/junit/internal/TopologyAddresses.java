package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.internal.resolver.HostTable;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Internal: the address a helper ({@code ping}, {@code canConnect}, {@code trace}, the assertions) is asked to reach:
 * an IP literal, or a host name of the namespace's own topology, answered from the topology's names and never from
 * DNS (so the helpers work on JDK 17 too, and never ask a machine outside the test). A name stands for its first IPv4
 * address, else its first address, as the JDK's lookup orders them by default.
 */
public final class TopologyAddresses {
    private TopologyAddresses() {
    }

    /**
     * {@code address} as an IP address.
     *
     * @throws IllegalArgumentException when it is neither a literal nor a name of {@code ns}'s topology
     */
    public static InetAddress resolve(NetNs ns, String address) {
        try {
            return IpAddresses.parse(address);
        } catch (IllegalArgumentException notALiteral) {
            HostTable names = ns instanceof LiveNetNs live ? live.hostNames() : HostTable.EMPTY;
            Optional<List<InetAddress>> found = names == null ? Optional.empty() : names.lookup(address.trim());
            if (found.isPresent() && !found.get().isEmpty()) {
                return found.get().stream().filter(a -> a instanceof Inet4Address).findFirst()
                        .orElse(found.get().get(0));
            }
            String known = names == null || names.isEmpty() ? "it declares no host names"
                    : "its names are " + String.join(", ", names.names().keySet());
            throw new IllegalArgumentException("\"" + address + "\" is neither an IP address literal nor a host name of"
                    + " the topology of netns " + ns.name() + " (" + known + "). Write an address such as \"10.0.0.2\""
                    + " or \"fd00::2\", or a name the topology declares (@NetNamespace(hostnames = ...),"
                    + " @HostEntry).", notALiteral);
        }
    }
}
