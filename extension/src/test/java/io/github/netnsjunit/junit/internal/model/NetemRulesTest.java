package io.github.netnsjunit.junit.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.internal.model.NetemRules.Breach;
import org.junit.jupiter.api.Test;

/**
 * netem's rules, defined once for the annotation and the builder: the boundaries {@code tc} itself draws (0 to 100 %,
 * no negative time, rate or limit, at least a byte per second, jitter and reorder only with a delay).
 */
class NetemRulesTest {
    @Test
    void percentagesAreOfPacketsFromZeroToHundred() {
        assertThat(NetemRules.percent(0)).isNull();
        assertThat(NetemRules.percent(100)).isNull();
        assertThat(NetemRules.percent(0.5)).isNull();
        assertThat(NetemRules.percent(-0.1)).isEqualTo(Breach.NEGATIVE);
        assertThat(NetemRules.percent(100.01)).isEqualTo(Breach.ABOVE_100);
        assertThat(NetemRules.percent(Double.NaN)).isEqualTo(Breach.ABOVE_100);
    }

    @Test
    void timesRatesAndLimitsAreNotNegative() {
        assertThat(NetemRules.time(0)).isNull();
        assertThat(NetemRules.time(-1)).isEqualTo(Breach.NEGATIVE);
        assertThat(NetemRules.limit(0)).isNull();
        assertThat(NetemRules.limit(-1)).isEqualTo(Breach.NEGATIVE);
        assertThat(NetemRules.rate(0)).isNull();
        assertThat(NetemRules.rate(8)).isNull();
        assertThat(NetemRules.rate(7)).isEqualTo(Breach.BELOW_8_BITS);
        assertThat(NetemRules.rate(-8)).isEqualTo(Breach.NEGATIVE);
    }

    @Test
    void jitterAndReorderNeedADelay() {
        assertThat(NetemRules.needingDelay(0, 5, 10)).containsExactly("jitter", "reorder");
        assertThat(NetemRules.needingDelay(0, 0, 10)).containsExactly("reorder");
        assertThat(NetemRules.needingDelay(0, 0, 0)).isEmpty();
        assertThat(NetemRules.needingDelay(1, 5, 10)).isEmpty();
    }
}
