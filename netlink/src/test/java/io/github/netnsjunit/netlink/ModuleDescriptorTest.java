package io.github.netnsjunit.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
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
        Path classes = Path.of(NamespaceHandle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
                BASE + ".addr", BASE + ".capture", BASE + ".diag", BASE + ".icmp", BASE + ".msg", BASE + ".nft",
                BASE + ".ns", BASE + ".relay", BASE + ".route", BASE + ".socket", BASE + ".sys", BASE + ".tc");
        assertThat(d.opens()).isEmpty();
    }

    @Test
    void theSyscallLayerIsNotExportedOnlyWhatItThrows() throws Exception {
        ModuleDescriptor d = descriptor();
        assertThat(d.packages()).contains(BASE + ".internal.sys");
        Path classes = Path.of(NamespaceHandle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // what a user of sys sees: the two types a failed system call throws, no constant bag, no Native
        assertThat(topLevelClasses(classes.resolve("io/github/netnsjunit/netlink/sys")))
                .containsExactlyInAnyOrder("Errno", "SyscallException");
        // no jnr-ffi binding left to export (libc is called through jffi from internal.sys)
        assertThat(classes.resolve("io/github/netnsjunit/netlink/libc")).doesNotExist();
    }

    private static Set<String> topLevelClasses(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("$")
                    && !n.equals("package-info.class")).map(n -> n.substring(0, n.length() - ".class".length()))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void thePacketSocketAndSyscallPackagesArePartOfTheModuleButNotExported() throws Exception {
        ModuleDescriptor d = descriptor();
        Set<String> unexported = Set.of(BASE + ".packet", BASE + ".internal.sys");
        assertThat(d.packages()).containsAll(unexported);
        Set<String> exported = d.exports().stream().map(Exports::source).collect(Collectors.toSet());
        assertThat(exported).doesNotContainAnyElementsOf(unexported);
        // every other package of the module is exported (API)
        assertThat(d.packages().stream().filter(p -> !unexported.contains(p)).collect(Collectors.toSet()))
                .isEqualTo(exported);
    }

    @Test
    void readsJffiItCallsLibcWithAndJnrFfiWithTheAsmItGeneratesBindingsWith() throws Exception {
        assertThat(descriptor().requires().stream().filter(r -> !r.name().startsWith("java."))
                .map(Requires::name)).containsExactlyInAnyOrder("org.jnrproject.ffi", "org.jnrproject.jffi",
                        "org.objectweb.asm");
    }
}
