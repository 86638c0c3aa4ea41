package io.github.netnsjunit.junit.internal.model;

import java.util.List;
import java.util.Objects;

/**
 * Internal: one declaration exactly as the user wrote it (strings unparsed), plus its {@link Origin}.
 *
 * <p>Parsing is left to {@link TopologyValidator} so that a bad CIDR or MAC becomes one reported problem
 * among all the others instead of an exception that hides the rest.
 */
public sealed interface Declaration {

    /** Where the declaration was written. */
    Origin origin();

    /** {@code @NetNamespace}; {@code sysctls} are {@code "key=value"} texts, {@code hostnames} as written. */
    record Namespace(String name, boolean loopback, List<String> sysctls, List<String> hostnames, Origin origin)
            implements Declaration {
        /** Copies the lists; rejects nulls. */
        public Namespace {
            Objects.requireNonNull(name, "name");
            sysctls = List.copyOf(sysctls);
            hostnames = List.copyOf(hostnames);
            Objects.requireNonNull(origin, "origin");
        }

        /** A namespace without host names. */
        public Namespace(String name, boolean loopback, List<String> sysctls, Origin origin) {
            this(name, loopback, sysctls, List.of(), origin);
        }
    }

    /** {@code @VethPair}; {@code mtu} 0 and empty strings mean "not given". */
    record Veth(String name, String namespace, List<String> addresses, String peer, String peerNamespace,
                List<String> peerAddresses, String master, String peerMaster, int mtu, String mac, String peerMac,
                Origin origin, int peerMtu) implements Declaration {
        /** Without {@code peerMtu} (0: as {@code mtu}). */
        public Veth(String name, String namespace, List<String> addresses, String peer, String peerNamespace,
                List<String> peerAddresses, String master, String peerMaster, int mtu, String mac, String peerMac,
                Origin origin) {
            this(name, namespace, addresses, peer, peerNamespace, peerAddresses, master, peerMaster, mtu, mac,
                    peerMac, origin, 0);
        }

        /** Copies the lists; rejects nulls. */
        public Veth {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(peerNamespace, "peerNamespace");
            peerAddresses = List.copyOf(peerAddresses);
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(peerMaster, "peerMaster");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(peerMac, "peerMac");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** {@code @Bridge}; {@code mtu} 0 means not given. */
    record Bridge(String name, String namespace, List<String> addresses, int mtu, Origin origin)
            implements Declaration {
        /** A bridge without an MTU of its own. */
        public Bridge(String name, String namespace, List<String> addresses, Origin origin) {
            this(name, namespace, addresses, 0, origin);
        }

        /** Copies the list; rejects nulls. */
        public Bridge {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * {@code @Macvlan}; {@code mode} is the mode's name as written ("bridge"), empty {@code parentNamespace} means
     * {@code namespace}, {@code mtu} 0 means not given.
     */
    record Macvlan(String name, String namespace, String parent, String parentNamespace, String mode,
                   List<String> addresses, int mtu, Origin origin) implements Declaration {
        /** Copies the list; rejects nulls. */
        public Macvlan {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(parentNamespace, "parentNamespace");
            Objects.requireNonNull(mode, "mode");
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * {@code @Vxlan}; addresses as written, empty {@code local}/{@code remote}/{@code group}/{@code device}/{@code
     * master} and {@code mtu} 0 mean not given.
     */
    record Vxlan(String name, String namespace, int vni, String local, String remote, String group, String device,
                 int port, boolean learning, List<String> addresses, String master, int mtu, Origin origin)
            implements Declaration {
        /** Copies the list; rejects nulls. */
        public Vxlan {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(local, "local");
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(device, "device");
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * {@code @Route}; {@code to} is {@code "default"} or a CIDR, empty {@code via}/{@code dev} mean not given,
     * {@code table} 0 the main table.
     */
    record Route(String namespace, String to, String via, String dev, int table, Origin origin)
            implements Declaration {
        /** A route of the main table. */
        public Route(String namespace, String to, String via, String dev, Origin origin) {
            this(namespace, to, via, dev, 0, origin);
        }

        /** Rejects nulls. */
        public Route {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(via, "via");
            Objects.requireNonNull(dev, "dev");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** {@code @PolicyRule}, values as written; empty strings and {@code priority} 0 mean not given. */
    record PolicyRule(String namespace, String from, String to, String fwmark, String iif, String oif, int priority,
                      int table, Origin origin) implements Declaration {
        /** Rejects nulls. */
        public PolicyRule {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(fwmark, "fwmark");
            Objects.requireNonNull(iif, "iif");
            Objects.requireNonNull(oif, "oif");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** {@code @Masquerade}; empty {@code outInterface} means any. */
    record Masquerade(String namespace, String source, String outInterface, Origin origin) implements Declaration {
        /** Rejects nulls. */
        public Masquerade {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(outInterface, "outInterface");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** {@code @PortForward}; {@code to} is {@code "ADDR:PORT"} or {@code "[v6]:PORT"}, empty {@code inInterface} means any. */
    record PortForward(String namespace, String protocol, int port, String to, String inInterface, Origin origin)
            implements Declaration {
        /** Rejects nulls. */
        public PortForward {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(inInterface, "inInterface");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** {@code @HostEntry}: a host name for an address literal, both as written. */
    record HostEntry(String name, String address, Origin origin) implements Declaration {
        /** Rejects nulls. */
        public HostEntry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * {@code @LinkConditions}, values as written ({@code "50ms"}, {@code "1%"}, {@code "10mbit"}; empty = not set).
     */
    record LinkConditions(String namespace, String link, String delay, String jitter, String loss, String duplicate,
                          String reorder, String corrupt, String rate, int limit, boolean bothWays, long seed,
                          Origin origin, TrafficScope scope, String burstLoss) implements Declaration {
        /** For all traffic leaving the link, without burst loss. */
        public LinkConditions(String namespace, String link, String delay, String jitter, String loss,
                String duplicate, String reorder, String corrupt, String rate, int limit, boolean bothWays, long seed,
                Origin origin) {
            this(namespace, link, delay, jitter, loss, duplicate, reorder, corrupt, rate, limit, bothWays, seed, origin,
                    TrafficScope.NONE, "");
        }

        /** Rejects nulls. */
        public LinkConditions {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(burstLoss, "burstLoss");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(link, "link");
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(jitter, "jitter");
            Objects.requireNonNull(loss, "loss");
            Objects.requireNonNull(duplicate, "duplicate");
            Objects.requireNonNull(reorder, "reorder");
            Objects.requireNonNull(corrupt, "corrupt");
            Objects.requireNonNull(rate, "rate");
            Objects.requireNonNull(origin, "origin");
        }
    }
}
