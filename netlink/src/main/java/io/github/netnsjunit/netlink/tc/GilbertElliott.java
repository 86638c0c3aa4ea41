package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * Burst loss after Gilbert and Elliott: a two-state Markov chain, netem's {@code loss gemodel p [r [1-h [1-k]]]}.
 * Each packet first moves the chain (good to bad with probability {@code p}, bad to good with {@code r}), then is
 * lost with the loss probability of the state it is in: {@code 1-h} in the bad state, {@code 1-k} in the good one.
 * A bad state lasts {@code 1/r} packets on average, so with {@code 1-h = 100%} and {@code 1-k = 0} losses come in
 * bursts of mean length {@code 1/r}, and the long-run loss is {@code p / (p + r)}. Uncorrelated loss cannot give
 * bursts: its runs of losses are of mean length {@code 1 / (1 - loss)}, about 1.
 *
 * <p>On the wire it is {@code TCA_NETEM_LOSS} (nested) holding {@code NETEM_LOSS_GE} = {@code struct
 * tc_netem_gemodel {u32 p, r, h, k1}}, each a fraction of {@code 2^32 - 1}, in the order {@code tc} takes the
 * arguments; the third is sent as {@code h = 100% - (1-h)} (the kernel loses a packet in the bad state when a
 * random u32 is above {@code h}), the fourth as it is in {@code k1}, as iproute2 6.1 does (captured: {@code 70%} goes
 * out as {@code 0x4ccccccd}, 30 %).
 *
 * @param p         percent chance of moving from the good to the bad state, per packet
 * @param r         percent chance of moving from the bad back to the good state, per packet
 * @param oneMinusH percent of packets lost in the bad state (tc's default 100)
 * @param oneMinusK percent of packets lost in the good state (tc's default 0)
 */
public record GilbertElliott(double p, double r, double oneMinusH, double oneMinusK) {
    /** {@code TCA_NETEM_LOSS}. */
    public static final int TCA_NETEM_LOSS = 5;
    /** {@code NETEM_LOSS_GE}, inside {@code TCA_NETEM_LOSS}. */
    public static final int NETEM_LOSS_GE = 2;
    private static final int NLA_F_NESTED = 0x8000;

    /** Checks the percentages. */
    public GilbertElliott {
        for (double v : new double[] {p, r, oneMinusH, oneMinusK}) {
            if (!(v >= 0 && v <= 100)) {
                throw new IllegalArgumentException("Gilbert-Elliott percentages must be within 0..100, not " + v);
            }
        }
    }

    /** Bursts only: loss 100 % in the bad state, none in the good one ({@code tc}'s defaults for 1-h and 1-k). */
    public static GilbertElliott bursts(double p, double r) {
        return new GilbertElliott(p, r, 100, 0);
    }

    /** The long-run share of packets lost, in percent. */
    public double meanLoss() {
        if (p + r == 0) {
            return oneMinusK;
        }
        double bad = p / (p + r);
        return bad * oneMinusH + (1 - bad) * oneMinusK;
    }

    /** Writes the nested {@code TCA_NETEM_LOSS} attribute. */
    void write(MessageWriter w) {
        int loss = w.beginNest(TCA_NETEM_LOSS | NLA_F_NESTED);
        int ge = w.beginNest(NETEM_LOSS_GE);
        // iproute2 sends h itself (all ones minus "1-h", which the kernel reads as: lost in the bad state when a
        // random u32 is above h), and "1-k" as it is in k1 (lost in the good state when below k1)
        w.u32(Tc.probability(p)).u32(Tc.probability(r)).u32(~Tc.probability(oneMinusH))
                .u32(Tc.probability(oneMinusK));
        w.endNest(ge);
        w.endNest(loss);
    }

    @Override
    public String toString() {
        return "loss gemodel " + Netem.pct(p) + " " + Netem.pct(r) + " " + Netem.pct(oneMinusH) + " "
                + Netem.pct(oneMinusK);
    }
}
