package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/** A kind of virtual link ({@code ip link add ... type KIND}): its name and its IFLA_INFO_DATA. */
public interface LinkKind {
    /** The IFLA_INFO_KIND string, e.g. {@code veth}. */
    String kind();

    /** Writes the content of IFLA_INFO_DATA (nothing if the kind has no options). */
    void writeInfoData(MessageWriter w);

    /**
     * The lower device ({@code IFLA_LINK}, {@code ip link add link PARENT ...}) a link is stacked on, e.g. a
     * macvlan's parent; 0 (the default) for none.
     */
    default int lowerIndex() {
        return 0;
    }

    /** The words after the link name in a request description, e.g. {@code type veth peer veth1}. */
    String describe();
}
