package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Internal: one end of a declared link, whatever its kind: where it is, its name, its addresses and the bridge it is
 * a port of. {@link TopologyModel#ends()} lists them; {@link TopologyModel#peerOf} says what is on the other side
 * of a point-to-point link. Code that asks "which links does a namespace have" uses these, so that a new link
 * kind is taught to the model (and its codec and validation), not to every reader.
 *
 * @param namespace where the end is
 * @param name      its declared name
 * @param kind      what it is
 * @param addresses its declared addresses, in declaration order
 * @param master    the bridge it is a port of in its namespace, {@code ""} for none
 * @param origin    the declaration it comes from
 */
public record LinkEnd(String namespace, String name, Kind kind, List<IpPrefix> addresses, String master,
                      Origin origin) {

    /**
     * Bridges before the other links, each group in model order: the order of a namespace's links in diagrams and
     * captures (a bridge is the node its ports attach to).
     */
    public static final Comparator<LinkEnd> BRIDGES_FIRST = Comparator.comparing(e -> e.kind() != Kind.BRIDGE);

    /** The kinds of declared links. */
    public enum Kind {
        /** One end of a veth pair; its peer is the other end. */
        VETH("a veth end"),
        /** A bridge; veth ends in its namespace may be its ports. */
        BRIDGE("a bridge");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** "a veth end", "a bridge": for messages. */
        public String words() {
            return words;
        }
    }

    /** Copies the list. */
    public LinkEnd {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(origin, "origin");
        addresses = List.copyOf(addresses);
    }

    /** True for a bridge. */
    public boolean isBridge() {
        return kind == Kind.BRIDGE;
    }

    /** True when this is the link {@code name} in {@code namespace}. */
    public boolean is(String namespace, String name) {
        return this.namespace.equals(namespace) && this.name.equals(name);
    }
}
