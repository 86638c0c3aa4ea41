package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code ct} load: copies conntrack data of the packet into a register; {@link Nft#NFT_CT_STATE} gives the state
 * bits ({@link Nft#CT_STATE_ESTABLISHED} …) as a host-endian u32.
 */
public record Ct(int key, int dreg) implements Expression {

    /** Loads the conntrack state bits into {@link Nft#NFT_REG_1}. */
    public static Ct state() {
        return new Ct(Nft.NFT_CT_STATE, Nft.NFT_REG_1);
    }

    static Ct decode(Attributes a) {
        return new Ct(a.u32be(Nft.NFTA_CT_KEY, 0), a.u32be(Nft.NFTA_CT_DREG, 0));
    }

    @Override
    public String name() {
        return "ct";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(Nft.NFTA_CT_DREG, dreg);
        w.attrU32be(Nft.NFTA_CT_KEY, key);
    }

    /** The nft keyword of the key. */
    String keyName() {
        return key == Nft.NFT_CT_STATE ? "state" : "key" + key;
    }

    /** State bits as nft prints them, e.g. {@code established,related}. */
    static String stateNames(int bits) {
        StringBuilder s = new StringBuilder();
        int[] values = {Nft.CT_STATE_INVALID, Nft.CT_STATE_ESTABLISHED, Nft.CT_STATE_RELATED, Nft.CT_STATE_NEW,
            Nft.CT_STATE_UNTRACKED};
        String[] names = {"invalid", "established", "related", "new", "untracked"};
        int rest = bits;
        for (int i = 0; i < values.length; i++) {
            if ((bits & values[i]) != 0) {
                s.append(s.length() == 0 ? "" : ",").append(names[i]);
                rest &= ~values[i];
            }
        }
        if (rest != 0 || s.length() == 0) {
            s.append(s.length() == 0 ? "" : ",").append("0x").append(Integer.toHexString(rest));
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "ct load " + keyName() + " => reg " + dreg;
    }
}
