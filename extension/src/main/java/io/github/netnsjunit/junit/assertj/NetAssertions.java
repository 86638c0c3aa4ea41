package io.github.netnsjunit.junit.assertj;

import io.github.netnsjunit.junit.CountedFault;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.PingResult;

/**
 * AssertJ entry point for network namespaces: {@code import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;}
 *
 * <pre>{@code
 * assertThat(ns1).canPing("172.18.0.2").hasLinkUp("veth1").hasAddress("172.18.0.3/24");
 * assertThat(sw).bridge("br01").hasLearned(ns01.links().get(1).mac());
 * }</pre>
 */
public final class NetAssertions {
    private NetAssertions() {
    }

    /** Assertions about what a namespace can reach and what it holds. */
    public static NetNsAssert assertThat(NetNs actual) {
        return new NetNsAssert(actual);
    }

    /** Assertions about what a fault hit: {@code assertThat(partition).wasHit()}. */
    public static CountedFaultAssert assertThat(CountedFault actual) {
        return new CountedFaultAssert(actual);
    }

    /** Assertions about a finished ping. */
    public static PingResultAssert assertThat(PingResult actual) {
        return new PingResultAssert(actual);
    }
}
