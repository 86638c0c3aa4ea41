package io.github.netnsjunit.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.ns.NetNamespace;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiled module descriptor (target/classes/module-info.class, found where the main classes are): the exact
 * API packages, nothing internal exported, and the modules jnr-ffi needs on the module path. ModulePathIT (in the
 * extension) runs a consumer on the module path; this checks the declaration itself.
 */
class ModuleDescriptorTest {
    private static final String BASE = "io.github.netnsjunit.netlink";

    private static ModuleDescriptor descriptor() throws Exception {
        Path classes = Path.of(NetNamespace.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(Files.exists(classes.resolve("module-info.class")) || classes.toString().endsWith(".jar"))
                .as("module-info.class under %s", classes).isTrue();
        return ModuleFinder.of(classes).find(BASE).orElseThrow().descriptor();
    }

    @Test
    void exportsExactlyTheApiPackagesToEveryone() throws Exception {
        ModuleDescriptor d = descriptor();
        assertThat(d.isAutomatic()).isFalse();
        assertThat(d.isOpen()).isFalse();
        assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).as("qualified export %s", e).isFalse());
        assertThat(d.exports().stream().map(Exports::source).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                BASE + ".addr", BASE + ".capture", BASE + ".icmp", BASE + ".msg", BASE + ".nft", BASE + ".ns",
                BASE + ".relay", BASE + ".route", BASE + ".socket", BASE + ".sys", BASE + ".tc");
        assertThat(d.opens()).isEmpty();
    }

    @Test
    void thePacketSocketPackageIsPartOfTheModuleButNotExported() throws Exception {
        ModuleDescriptor d = descriptor();
        assertThat(d.packages()).contains(BASE + ".packet");
        Set<String> exported = d.exports().stream().map(Exports::source).collect(Collectors.toSet());
        assertThat(exported).doesNotContain(BASE + ".packet");
        // every other package of the module is API
        assertThat(d.packages().stream().filter(p -> !p.equals(BASE + ".packet")).collect(Collectors.toSet()))
                .isEqualTo(exported);
    }

    @Test
    void readsJnrFfiAndTheAsmItGeneratesTheBindingWith() throws Exception {
        assertThat(descriptor().requires().stream().filter(r -> !r.name().startsWith("java."))
                .map(Requires::name)).containsExactlyInAnyOrder("org.jnrproject.ffi", "org.objectweb.asm");
    }
}
