package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * A Linux bridge with STP off, so that ports forward as soon as they have carrier ({@code ip link add NAME type
 * bridge stp_state 0 forward_delay 0}).
 */
public final class BridgeLink implements LinkKind {
    /** The bridge kind; it has no per-bridge options here. */
    public static final BridgeLink KIND = new BridgeLink();

    private BridgeLink() {
    }

    @Override
    public String kind() {
        return "bridge";
    }

    @Override
    public void writeInfoData(MessageWriter w) {
        w.attrU32(Rtnl.IFLA_BR_STP_STATE, 0);
        w.attrU32(Rtnl.IFLA_BR_FORWARD_DELAY, 0);
    }

    @Override
    public String describe() {
        return "type bridge stp_state 0";
    }
}
