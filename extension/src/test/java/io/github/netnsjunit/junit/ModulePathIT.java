package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.InputStream;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jars really work as named modules: a small consumer module (src/test/resources/modulepath) is compiled
 * against them and run on the module path, with only the modules they need, and builds a two-namespace topology
 * through the public API. It checks from inside the kernel (/proc/thread-self/ns/net) that its code ran in a new
 * namespace, and pings across the veth: jnr-ffi's binding of libc (generated with ASM, implementing a
 * package-private holder's interface) and the raw ICMP socket are exercised live, not assumed. The other tests run
 * on the class path (see the pom).
 */
class ModulePathIT {
    /** What the consumer needs at run time: both jars and their dependencies, nothing of the test class path. */
    private static final Set<String> MODULES = Set.of("io.github.netnsjunit.junit", "io.github.netnsjunit.netlink",
            "org.jnrproject.ffi", "org.jnrproject.jffi", "org.jnrproject.jffi.nativelibs", "jnr.a64asm", "jnr.x86asm",
            "org.jnrproject.posix", "org.jnrproject.constants",
            "org.objectweb.asm", "org.junit.jupiter.api", "org.junit.platform.commons", "org.junit.platform.launcher",
            "org.junit.platform.engine", "org.opentest4j", "org.apiguardian.api");

    @Test
    void aConsumerOnTheModulePathBuildsATopologyThroughThePublicApi(@TempDir Path dir) throws Exception {
        String modulePath = modulePath();
        Path src = dir.resolve("src");
        copy("modulepath/module-info.java", src.resolve("module-info.java"));
        copy("modulepath/demo/Main.java", src.resolve("demo/Main.java"));
        Path out = dir.resolve("out");

        // java.util.spi.ToolProvider (java.base): the test classes are compiled into the module, which does not
        // read java.compiler
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        PrintWriter messages = new PrintWriter(diagnostics, true, StandardCharsets.UTF_8);
        int rc = javac.run(messages, messages, "-d", out.toString(), "--module-path", modulePath,
                src.resolve("module-info.java").toString(), src.resolve("demo/Main.java").toString());
        assertThat(rc).as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", out + File.pathSeparator + modulePath, "--module", "demo.consumer/demo.Main")
                .redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("consumer ended within 60 s").isTrue();
        String text = output.get(5, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as("consumer exit status; output:%n%s", text).isZero();

        Map<String, String> seen = new LinkedHashMap<>();
        text.lines().filter(l -> l.contains("=")).forEach(l -> seen.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        assertThat(seen).as(text)
                .containsEntry("consumer", "demo.consumer")
                .containsEntry("junit", "io.github.netnsjunit.junit")
                .containsEntry("netlink", "io.github.netnsjunit.netlink")
                .containsEntry("internalExported", "false")
                .containsEntry("listeners", "io.github.netnsjunit.junit.internal.jupiter.CommonPoolListener,"
                        + "io.github.netnsjunit.junit.internal.jupiter.HostSweepListener,"
                        + "io.github.netnsjunit.junit.internal.jupiter.SealedJvmListener")
                .containsEntry("received", "1")
                .containsEntry("closed", "true");
        assertThat(seen.get("host")).as(text).isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
        assertThat(seen.get("inside")).as(text).startsWith("net:[").isNotEqualTo(seen.get("host"))
                .isEqualTo(seen.get("path"));
    }

    /** The class path entries that hold the wanted modules (jars, or exploded modules with a module-info). */
    private static String modulePath() {
        List<String> entries = new ArrayList<>();
        Set<String> found = new java.util.HashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            boolean candidate = entry.endsWith(".jar") || Files.isRegularFile(path.resolve("module-info.class"));
            if (!candidate || !Files.exists(path)) {
                continue;
            }
            try {
                for (ModuleReference m : ModuleFinder.of(path).findAll()) {
                    if (MODULES.contains(m.descriptor().name()) && found.add(m.descriptor().name())) {
                        entries.add(entry);
                    }
                }
            } catch (FindException e) {
                // not a valid module (e.g. a jar with no derivable name): not one we want
            }
        }
        assertThat(found).as("modules found on the test class path").containsExactlyInAnyOrderElementsOf(MODULES);
        return String.join(File.pathSeparator, entries);
    }

    private static void copy(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = ModulePathIT.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, target);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
