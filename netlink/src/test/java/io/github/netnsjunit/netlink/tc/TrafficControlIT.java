package io.github.netnsjunit.netlink.tc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.testing.LinkedPair;
import io.github.netnsjunit.netlink.testing.Oracle;
import org.junit.jupiter.api.Test;

/** Root qdiscs installed over rtnetlink, checked with {@code tc -j qdisc show} inside the namespace. */
class TrafficControlIT {

    private static int index(LinkedPair pair, String dev) {
        return pair.a().callUnchecked(() -> Native.ifNameToIndex(dev));
    }

    @Test
    void tbfIsInstalledReplacedAndRemoved() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            TrafficControl tc = TrafficControl.of(pair.a());
            int v0 = index(pair, "v0");
            tc.replaceRoot(v0, "v0", new Tbf(8_000_000, 4096, 54096));
            String shown = Oracle.run(pair.a(), "tc", "-j", "qdisc", "show", "dev", "v0");
            assertThat(shown).contains("\"kind\":\"tbf\"").contains("\"rate\":1000000").contains("\"burst\":4096")
                    .contains("\"root\":true");
            assertThat(tc.qdiscs()).anyMatch(q -> q.ifindex() == v0 && q.isRoot() && q.kind().equals("tbf"));

            tc.replaceRoot(v0, "v0", new Tbf(16_000_000, 8192, 100_000));
            assertThat(Oracle.run(pair.a(), "tc", "-j", "qdisc", "show", "dev", "v0")).contains("\"rate\":2000000");

            tc.deleteRoot(v0, "v0");
            tc.deleteRoot(v0, "v0"); // nothing left to delete is fine
            assertThat(Oracle.run(pair.a(), "tc", "-j", "qdisc", "show", "dev", "v0")).doesNotContain("tbf");
        }
    }

    @Test
    void netemIsRefusedWhereTheKernelLacksIt() throws Exception {
        boolean netem = java.nio.file.Files.exists(java.nio.file.Path.of("/sys/module/sch_netem"));
        try (LinkedPair pair = new LinkedPair()) {
            TrafficControl tc = TrafficControl.of(pair.a());
            int v0 = index(pair, "v0");
            if (netem) {
                tc.replaceRoot(v0, "v0", Netem.delay(50_000_000));
                assertThat(Oracle.run(pair.a(), "tc", "-j", "qdisc", "show", "dev", "v0")).contains("netem");
                tc.deleteRoot(v0, "v0");
            } else {
                // the request is well-formed; the kernel answers like it does for tc ("Specified qdisc kind is unknown")
                assertThatThrownBy(() -> tc.replaceRoot(v0, "v0", Netem.delay(50_000_000)))
                        .isInstanceOfSatisfying(NetlinkException.class, e -> {
                            assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                            assertThat(e.getMessage()).contains("RTM_NEWQDISC").contains("netem delay 50ms");
                        });
            }
        }
    }
}
