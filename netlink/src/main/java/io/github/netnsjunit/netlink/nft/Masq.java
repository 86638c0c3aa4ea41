package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code masq}: source NAT to the address of the outgoing interface. Only valid in a nat chain on postrouting
 * (elsewhere the kernel answers EOPNOTSUPP).
 *
 * @param flags NF_NAT_RANGE_* flags (0 = none; RANDOM 0x4, PERSISTENT 0x8, RANDOM_FULLY 0x10)
 */
public record Masq(int flags) implements Expression {

    /** Plain {@code masquerade}. */
    public static Masq masquerade() {
        return new Masq(0);
    }

    static Masq decode(Attributes a) {
        return new Masq(a.u32be(Nft.NFTA_MASQ_FLAGS, 0));
    }

    @Override
    public String name() {
        return "masq";
    }

    @Override
    public void writeData(MessageWriter w) {
        // all attributes are optional; nft sends an empty nest for a plain masquerade
        if (flags != 0) {
            w.attrU32be(Nft.NFTA_MASQ_FLAGS, flags);
        }
    }

    @Override
    public String toString() {
        return flags == 0 ? "masq" : "masq flags 0x" + Integer.toHexString(flags);
    }
}
