package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.util.Locale;
import java.util.Objects;

/**
 * A macvlan link on a parent link of the same namespace ({@code ip link add link PARENT name NAME type macvlan mode
 * MODE}): a second MAC address on the parent's wire, with its own addresses.
 *
 * <p>Created in the parent's namespace; with a namespace fd it is moved into that namespace as part of its
 * creation ({@code ip link add link PARENT name NAME netns NS type macvlan}), as container runtimes attach a
 * container, and the request's ifindex is then one of that namespace.
 *
 * @param parentIndex   ifindex of the parent link, in the namespace the request is sent to
 * @param parentName    the parent's name, for messages
 * @param mode          how macvlans of one parent reach each other
 * @param namespaceFd   fd of the namespace to put the macvlan in, or -1 for the parent's
 * @param namespaceName that namespace's name, for messages, or null
 */
public record MacvlanLink(int parentIndex, String parentName, Mode mode, int namespaceFd, String namespaceName)
        implements LinkKind {

    /** The macvlan modes ({@code enum macvlan_mode}, if_link.h). */
    public enum Mode {
        /** Macvlans of one parent do not see each other; only the outside. */
        PRIVATE(Rtnl.MACVLAN_MODE_PRIVATE),
        /** Traffic between macvlans of one parent goes out and must be reflected by the switch outside. */
        VEPA(Rtnl.MACVLAN_MODE_VEPA),
        /** Macvlans of one parent reach each other directly, inside the kernel. */
        BRIDGE(Rtnl.MACVLAN_MODE_BRIDGE),
        /** The only macvlan of its parent, taking over the parent's MAC. */
        PASSTHRU(Rtnl.MACVLAN_MODE_PASSTHRU);

        private final int value;

        Mode(int value) {
            this.value = value;
        }

        /** The value of IFLA_MACVLAN_MODE. */
        public int value() {
            return value;
        }

        /** The word {@code ip} uses, e.g. {@code bridge}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A macvlan in its parent's namespace. */
    public MacvlanLink(int parentIndex, String parentName, Mode mode) {
        this(parentIndex, parentName, mode, -1, null);
    }

    /** Rejects a missing mode or parent. */
    public MacvlanLink {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(parentName, "parentName");
        if (parentIndex <= 0) {
            throw new IllegalArgumentException("a macvlan needs its parent's ifindex, got " + parentIndex);
        }
    }

    @Override
    public String kind() {
        return "macvlan";
    }

    @Override
    public void writeLinkAttributes(MessageWriter w) {
        if (namespaceFd >= 0) {
            w.attrU32(Rtnl.IFLA_NET_NS_FD, namespaceFd);
        }
        w.attrU32(Rtnl.IFLA_LINK, parentIndex);
    }

    @Override
    public void writeInfoData(MessageWriter w) {
        w.attrU32(Rtnl.IFLA_MACVLAN_MODE, mode.value());
    }

    @Override
    public String describe() {
        return "link " + parentName + (namespaceName == null ? "" : " netns " + namespaceName) + " type macvlan mode "
                + mode.word();
    }
}
