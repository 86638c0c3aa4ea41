package io.github.netnsjunit.netlink.ns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The mountinfo parsing of {@link NamespaceMounts} (no privileges needed). */
class NamespaceMountsTest {
    @Test
    void mountPointsAreUnescapedAsTheKernelEscapesThem() {
        // fs/proc_namespace.c: mangle() escapes space, tab, newline and backslash as \\ooo
        assertThat(NamespaceMounts.unescape("/mnt/with\\040space\\011tab\\012nl\\134bs"))
                .isEqualTo("/mnt/with space\ttab\nnl\\bs");
        assertThat(NamespaceMounts.unescape("/plain")).isEqualTo("/plain");
        assertThat(NamespaceMounts.unescape("/end\\")).isEqualTo("/end\\");
    }

    @Test
    void topSubmountsOfSysAreThoseNotBelowAnotherOne() {
        // on any Linux with /sys mounted: every result is below /sys and none is below another
        var top = NamespaceMounts.topSubmounts("/sys");
        assertThat(top).allMatch(p -> p.startsWith("/sys/"));
        assertThat(top).allMatch(p -> top.stream().noneMatch(q -> !q.equals(p) && p.startsWith(q + "/")));
        assertThat(top).doesNotHaveDuplicates();
    }
}
