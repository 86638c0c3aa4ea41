package io.github.netnsjunit.samples;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.SharedTopology;
import org.junit.jupiter.api.Test;

/**
 * Seed 4's bridge shared by every test of the class: built once before the first test, torn down after the
 * last. For tests that only observe the topology.
 */
@SharedTopology
@DockerLikeBridge
class SharedTopologySample {

    @Test
    @InNamespace("ns01")
    void gatewayAnswers(NetNs ns01) {
        assertThat(ns01).canPing("192.168.88.1");
    }

    @Test
    @InNamespace("ns02")
    void neighbourAnswers(NetNs ns02) {
        assertThat(ns02).canPing("192.168.88.11");
    }

    @Test
    void bridgeHasItsAddress(@Ns("sw") NetNs sw) {
        assertThat(sw).hasAddress("192.168.88.1/24").hasLinkUp("br01");
    }
}
