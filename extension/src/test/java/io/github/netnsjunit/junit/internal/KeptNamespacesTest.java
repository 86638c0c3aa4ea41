package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of kept namespaces that need no privileges: this JVM's prefix, commands, the sweep's choice of entries. */
class KeptNamespacesTest {

    @Test
    void thisJvmIsKnownByPidAndStartTime() {
        long pid = ProcessHandle.current().pid();
        assertThat(KeptNamespaces.startTime(pid)).isPresent();
        assertThat(KeptNamespaces.prefixOfThisJvm()).isEqualTo("nj-" + pid + "-" + KeptNamespaces.startTime(pid).get() + "-");
        assertThat(KeptNamespaces.startTime(999_999_999L)).isEmpty();
    }

    /** Entries of a running JVM, and anything not named by us, are left alone (nothing here needs unmounting). */
    @Test
    void theSweepLeavesLiveAndForeignEntriesAlone(@TempDir Path dir) throws Exception {
        for (String name : new String[] {KeptNamespaces.prefixOfThisJvm() + "ns0", "nj-foo", "nj-12-x", "ns1", "nj-"}) {
            Files.createFile(dir.resolve(name));
        }

        assertThat(new KeptNamespaces(dir).sweep()).isEmpty();
        assertThat(dir.toFile().list()).hasSize(5);
    }

    @Test
    void theCommandsNameEveryKeptNamespace() {
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put("ns0", "nj-1-2-ns0");
        kept.put("ns1", "nj-1-2-ns1");

        assertThat(KeptNamespaces.standard().commands("FooTest.fails()", kept)).isEqualTo("""
                netns-junit kept the namespaces of FooTest.fails() (keepOnFailure=true). Look inside with:
                  ns0:  ip netns exec nj-1-2-ns0 bash    or    nsenter --net=/run/netns/nj-1-2-ns0
                  ns1:  ip netns exec nj-1-2-ns1 bash    or    nsenter --net=/run/netns/nj-1-2-ns1
                Remove them with:
                  ip netns del nj-1-2-ns0; ip netns del nj-1-2-ns1
                (the first test run after this JVM has ended removes them too)
                """);
    }
}
