package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/** A kind of virtual link ({@code ip link add ... type KIND}): its name and its IFLA_INFO_DATA. */
public interface LinkKind {
    /** The IFLA_INFO_KIND string, e.g. {@code veth}. */
    String kind();

    /** Writes the content of IFLA_INFO_DATA (nothing if the kind has no options). */
    void writeInfoData(MessageWriter w);

    /**
     * Whether the request carries an IFLA_INFO_DATA nest at all; true by default. A kind without options (ifb) says
     * false so that its request is iproute2's, which leaves the nest out rather than sending it empty.
     */
    default boolean hasInfoData() {
        return true;
    }

    /**
     * Writes the kind's attributes outside IFLA_LINKINFO, e.g. a macvlan's lower link ({@code IFLA_LINK}, {@code ip
     * link add link PARENT ...}) and the namespace to create it in; nothing by default. Written before the name, as
     * iproute2 does.
     */
    default void writeLinkAttributes(MessageWriter w) {
    }

    /** The words after the link name in a request description, e.g. {@code type veth peer veth1}. */
    String describe();
}
