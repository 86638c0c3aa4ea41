package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.internal.model.LinkConditionsSpec;
import io.github.netnsjunit.junit.internal.model.Origin;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConditionsConfigTest {
    private static ConditionsConfig read(Map<String, String> values) {
        return ConditionsConfig.read(k -> Optional.ofNullable(values.get(k)));
    }

    @Test
    void defaultsAndValues() {
        assertThat(read(Map.of())).isEqualTo(new ConditionsConfig(ConditionsConfig.Engine.AUTO, false));
        assertThat(read(Map.of("netns.junit.conditions.engine", " Userspace ", "netns.junit.conditions.unavailable",
                "skip"))).isEqualTo(new ConditionsConfig(ConditionsConfig.Engine.USERSPACE, true));
    }

    @Test
    void badValuesNameKeyValueAndChoices() {
        assertThatThrownBy(() -> read(Map.of("netns.junit.conditions.engine", "fast")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("netns-junit: configuration parameter netns.junit.conditions.engine is \"fast\"; allowed:"
                        + " one of \"auto\" (the default), \"kernel\", \"userspace\".");
        assertThatThrownBy(() -> read(Map.of("netns.junit.conditions.unavailable", "ignore")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("netns-junit: configuration parameter netns.junit.conditions.unavailable is \"ignore\";"
                        + " allowed: one of \"fail\" (the default), \"skip\".");
    }

    @Test
    void defaultLimitKeepsWhatTheDelayHoldsBack() {
        Origin o = Origin.builder("x");
        // no rate: 10 Gbit/s for 50 ms = 62.5 MB = 41 281 frames of 1514 bytes, twice that
        assertThat(new LinkConditionsSpec("a", "b", 50_000_000, 0, 0, 0, 0, 0, 0, 0, false, 0, o).resolvedLimit())
                .isEqualTo(82_563);
        // 8 Mbit/s for 10 ms: 7 frames; netem's 1000 is enough
        assertThat(new LinkConditionsSpec("a", "b", 10_000_000, 0, 0, 0, 0, 0, 8_000_000, 0, false, 0, o).resolvedLimit())
                .isEqualTo(1000);
        assertThat(new LinkConditionsSpec("a", "b", 0, 0, 1, 0, 0, 0, 0, 77, false, 0, o).resolvedLimit()).isEqualTo(77);
    }
}
