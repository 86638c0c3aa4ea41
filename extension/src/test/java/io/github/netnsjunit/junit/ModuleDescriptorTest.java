package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.internal.jupiter.HostSweepListener;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Provides;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The compiled module descriptor of netns-junit: exactly the two API packages exported, to everyone; the internal
 * packages to nobody; the host-sweep listener provided as on the class path (META-INF/services); AssertJ optional.
 */
class ModuleDescriptorTest {
    private static final String BASE = "io.github.netnsjunit.junit";

    private static ModuleDescriptor descriptor() throws Exception {
        Path classes = Path.of(NetnsExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(classes).find(BASE).orElseThrow(
                () -> new AssertionError("no module " + BASE + " (module-info.class) in " + classes)).descriptor();
    }

    @Test
    void exportsExactlyTheThreeApiPackagesToEveryone() throws Exception {
        ModuleDescriptor d = descriptor();
        assertThat(d.isAutomatic()).isFalse();
        assertThat(d.isOpen()).isFalse();
        assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).as("qualified export %s", e).isFalse());
        assertThat(d.exports().stream().map(Exports::source))
                .containsExactlyInAnyOrder(BASE, BASE + ".assertj", BASE + ".nemesis");
        assertThat(d.opens()).isEmpty();
    }

    @Test
    void noInternalPackageIsExported() throws Exception {
        ModuleDescriptor d = descriptor();
        Set<String> internal = d.packages().stream().filter(p -> p.startsWith(BASE + ".internal"))
                .collect(Collectors.toSet());
        assertThat(internal).contains(BASE + ".internal", BASE + ".internal.model");
        assertThat(d.exports().stream().map(Exports::source)).doesNotContainAnyElementsOf(internal);
        assertThat(d.packages()).containsExactlyInAnyOrderElementsOf(
                List.copyOf(union(internal, Set.of(BASE, BASE + ".assertj", BASE + ".nemesis"))));
    }

    @Test
    void providesTheLauncherSessionListenersAsTheServicesFileDoes() throws Exception {
        ModuleDescriptor d = descriptor();
        List<String> listeners = List.of(BASE + ".internal.jupiter.CommonPoolListener", HostSweepListener.class.getName(),
                BASE + ".internal.jupiter.SealedJvmListener");
        // and the TestExecutionListener of netns.junit.jvmNamespace=private
        List<String> executionListeners = List.of(BASE + ".internal.jupiter.PrivateJvmNamespace");
        assertThat(d.provides()).extracting(Provides::service, Provides::providers)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(LauncherSessionListener.class.getName(),
                        listeners), org.assertj.core.groups.Tuple.tuple(
                        org.junit.platform.launcher.TestExecutionListener.class.getName(), executionListeners));
        try (InputStream in = HostSweepListener.class.getClassLoader()
                .getResourceAsStream("META-INF/services/" + LauncherSessionListener.class.getName())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().lines().toList())
                    .isEqualTo(listeners);
        }
        try (InputStream in = HostSweepListener.class.getClassLoader().getResourceAsStream("META-INF/services/"
                + org.junit.platform.launcher.TestExecutionListener.class.getName())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().lines().toList())
                    .isEqualTo(executionListeners);
        }
    }

    @Test
    void assertJIsOptionalAndTheNetlinkApiComesAlong() throws Exception {
        Map<String, Set<Requires.Modifier>> requires = descriptor().requires().stream()
                .filter(r -> !r.name().equals("java.base"))
                .collect(Collectors.toMap(Requires::name, Requires::modifiers));
        assertThat(requires).containsOnlyKeys("io.github.netnsjunit.netlink", "org.junit.jupiter.api",
                "org.junit.platform.launcher", "java.management", "org.assertj.core", "org.jnrproject.posix");
        assertThat(requires.get("org.assertj.core")).containsExactly(Requires.Modifier.STATIC);
        assertThat(requires.get("io.github.netnsjunit.netlink")).containsExactly(Requires.Modifier.TRANSITIVE);
        assertThat(requires.get("org.junit.jupiter.api")).containsExactly(Requires.Modifier.TRANSITIVE);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
