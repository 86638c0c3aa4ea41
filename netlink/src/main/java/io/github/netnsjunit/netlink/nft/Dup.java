package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code dup to ADDRESS}: sends a copy of the packet towards the address in a register, and lets the original go on
 * through the rule ({@code nft_dup_ipv4_eval}, {@code nft_dup_ipv6_eval}). The copy is sent with
 * {@code ip_local_out}/{@code ip6_local_out}, so it crosses the output hook again, <em>untracked</em>
 * ({@code nf_dup_ipv4} sets {@code IP_CT_UNTRACKED} on it, and does not copy it a second time): a rule earlier in the
 * chain can tell it by {@code ct state untracked} and rewrite it.
 *
 * @param sregAddr the register holding the address (4 or 16 bytes, after the table's family)
 */
public record Dup(int sregAddr) implements Expression {
    /** {@code NFTA_DUP_SREG_ADDR}. */
    public static final int NFTA_DUP_SREG_ADDR = 1;

    static Dup decode(Attributes a) {
        return new Dup(a.u32be(NFTA_DUP_SREG_ADDR, 0));
    }

    @Override
    public String name() {
        return "dup";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(NFTA_DUP_SREG_ADDR, sregAddr);
    }

    @Override
    public String toString() {
        return "dup sreg_addr " + sregAddr;
    }
}
