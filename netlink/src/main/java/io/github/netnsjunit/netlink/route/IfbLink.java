package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * An intermediate functional block ({@code ip link add name NAME type ifb}): a link whose only job is to receive
 * what a tc {@code mirred} action redirects to it and pass it on unchanged, so that a qdisc on its egress side
 * (tbf, htb) shapes traffic that arrived on another link. The kernel's ifb driver takes no options: iproute2
 * sends IFLA_INFO_KIND alone, with no IFLA_INFO_DATA (strace of {@code ip link add name ifb0 type ifb}, iproute2
 * 6.1), and so do we.
 */
public final class IfbLink implements LinkKind {
    /** The ifb kind; it has no options. */
    public static final IfbLink KIND = new IfbLink();

    private IfbLink() {
    }

    @Override
    public String kind() {
        return "ifb";
    }

    @Override
    public boolean hasInfoData() {
        return false;
    }

    @Override
    public void writeInfoData(MessageWriter w) {
        // drivers/net/ifb.c registers no IFLA_INFO_DATA policy: there is nothing to write
    }

    @Override
    public String describe() {
        return "type ifb";
    }
}
