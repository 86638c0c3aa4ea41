package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.util.Locale;
import java.util.Objects;

/**
 * A macvlan link on a parent link of the same namespace ({@code ip link add link PARENT name NAME type macvlan mode
 * MODE}): a second MAC address on the parent's wire, with its own addresses.
 *
 * @param parentIndex ifindex of the parent link, in the namespace the macvlan is created in
 * @param parentName  the parent's name, for messages
 * @param mode        how macvlans of one parent reach each other
 */
public record MacvlanLink(int parentIndex, String parentName, Mode mode) implements LinkKind {

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
    public int lowerIndex() {
        return parentIndex;
    }

    @Override
    public void writeInfoData(MessageWriter w) {
        w.attrU32(Rtnl.IFLA_MACVLAN_MODE, mode.value());
    }

    @Override
    public String describe() {
        return "link " + parentName + " type macvlan mode " + mode.word();
    }
}
