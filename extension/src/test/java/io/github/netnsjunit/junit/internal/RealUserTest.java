package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real uid is read from /proc/self/status and mapped out of the user namespace through its uid_map. */
class RealUserTest {
    private static final List<String> STATUS_ROOT = List.of("Name:\tjava", "Uid:\t0\t0\t0\t0", "Gid:\t0\t0\t0\t0");

    @Test
    void theInitialNamespaceMapsEveryUidToItself() {
        assertThat(RealUser.uid(List.of("Uid:\t1000\t1000\t1000\t1000"), List.of("         0          0 4294967295")))
                .isEqualTo(1000);
    }

    @Test
    void mapRootUserTurnsRootInsideIntoTheCallersUid() {
        // unshare --user --map-root-user as uid 1000
        assertThat(RealUser.uid(STATUS_ROOT, List.of("         0       1000          1"))).isEqualTo(1000);
    }

    @Test
    void mapAutoLinesAreSearchedForTheOneThatCoversTheUid() {
        // unshare --map-auto --map-root-user: 0 -> the caller, 1..65536 -> a subordinate range
        List<String> map = List.of("         0       1000          1", "         1     100000      65536");
        assertThat(RealUser.uid(List.of("Uid:\t5\t5\t5\t5"), map)).isEqualTo(100004);
        assertThat(RealUser.uid(STATUS_ROOT, map)).isEqualTo(1000);
    }

    @Test
    void anUnmappedUidIsAnError() {
        assertThatThrownBy(() -> RealUser.uid(List.of("Uid:\t7\t7\t7\t7"), List.of("0 1000 1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("uid 7 is in no line");
    }

    @Test
    void thisProcessAgreesWithTheOwnerOfItsOwnProcDirectory() throws Exception {
        // the oracle: the kernel's owner of /proc/self, seen from this process's user namespace
        long owner = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        assertThat(RealUser.namespaceUid()).isEqualTo(owner);
        if (Files.readString(Path.of("/proc/self/uid_map")).trim().matches("0\\s+0\\s+4294967295")) {
            assertThat(RealUser.uid()).isEqualTo(owner); // the initial user namespace: no mapping
        } else {
            assertThat(RealUser.uid()).isNotEqualTo(owner).isPositive(); // sealed as a user: root inside, the user outside
        }
    }
}
