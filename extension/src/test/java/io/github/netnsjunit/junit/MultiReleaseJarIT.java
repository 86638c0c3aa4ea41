package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar (target/netns-junit-*.jar, after {@code package}) is complete whatever JDK built it: every class of
 * src/main/java18 under META-INF/versions/18 and nowhere else, every service file of the sources in the jar naming
 * classes the jar holds, the Multi-Release manifest entry. On a JDK 18+ the versioned provider is loaded from the jar
 * and linked against the JDK's real java.net.spi (a jar built on JDK 17 is compiled against build-time stand-ins:
 * .ci/run runs this test on JDK 25 with the jar built on JDK 17).
 */
class MultiReleaseJarIT {
    private static final String VERSIONED = "META-INF/versions/18/";
    private static final String RESOLVER_SERVICE = "META-INF/services/java.net.spi.InetAddressResolverProvider";

    private static Path jar() {
        String path = System.getProperty("netns.test.extensionJar");
        assertThat(path).as("system property netns.test.extensionJar (set by extension/pom.xml)").isNotNull();
        assertThat(Path.of(path)).as("the packaged jar (run after package)").isRegularFile();
        return Path.of(path);
    }

    /** Entry names of the jar that are files (not directories). */
    private static Set<String> entries(JarFile jar) {
        return jar.stream().filter(e -> !e.isDirectory()).map(JarEntry::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The top-level types of the .java files under a source root, as class-file paths ("a/b/C.class"). */
    private static Set<String> sourceTypes(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> root.relativize(f).toString().replaceFirst("\\.java$", ".class"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** "a/b/C$D.class" to "a/b/C.class". */
    private static String topLevel(String classFile) {
        return classFile.replaceFirst("\\$[^/]*\\.class$", ".class");
    }

    /** Service files of a resource root: name to the provider class names they list. */
    private static Map<String, List<String>> services(Path root) throws IOException {
        Path dir = root.resolve("META-INF/services");
        Map<String, List<String>> result = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    result.put("META-INF/services/" + f.getFileName(), providers(Files.readString(f)));
                }
            }
        }
        return result;
    }

    private static List<String> providers(String serviceFile) {
        return serviceFile.lines().map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void everyJava18ClassIsVersionedAndOnlyThere() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release"))
                    .as("Multi-Release in the manifest").isEqualTo("true");
            Set<String> all = entries(jar);
            Set<String> versioned = all.stream().filter(n -> n.startsWith(VERSIONED))
                    .map(n -> n.substring(VERSIONED.length())).collect(Collectors.toCollection(TreeSet::new));
            Set<String> java18 = sourceTypes(Path.of("src/main/java18"));
            assertThat(java18).as("sources under src/main/java18").isNotEmpty();
            assertThat(versioned).as("every entry under " + VERSIONED + " is a class").allMatch(n -> n.endsWith(".class"));
            Set<String> versionedTypes = versioned.stream().map(MultiReleaseJarIT::topLevel)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(versionedTypes)
                    .as("the top-level classes under " + VERSIONED + " are exactly src/main/java18's types "
                            + "(a jar built without them resolves no topology name in the JVM)")
                    .isEqualTo(java18);
            assertThat(all).as("the JDK 18 types are only versioned: JDK 17 must never see them")
                    .doesNotContainAnyElementsOf(versioned);
            assertThat(all).as("no build-time stand-in of java.net.spi is packaged")
                    .noneMatch(n -> n.contains("java/net/spi/"));
            assertThat(all).contains("module-info.class");
        }
    }

    @Test
    void everyServiceFileOfTheSourcesIsInTheJarAndNamesAClassOfTheJar() throws IOException {
        Map<String, List<String>> expected = new TreeMap<>(services(Path.of("src/main/resources")));
        expected.putAll(services(Path.of("src/main/services-jdk18")));
        assertThat(expected).containsKey(RESOLVER_SERVICE);
        try (JarFile jar = new JarFile(jar().toFile())) {
            Set<String> all = entries(jar);
            Map<String, List<String>> packaged = new TreeMap<>();
            for (String name : all) {
                if (name.startsWith("META-INF/services/")) {
                    packaged.put(name, providers(new String(jar.getInputStream(jar.getEntry(name)).readAllBytes(),
                            StandardCharsets.UTF_8)));
                }
            }
            assertThat(packaged).as("the jar's service files").isEqualTo(expected);
            Function<String, String> classFile = c -> c.replace('.', '/') + ".class";
            packaged.forEach((service, classes) -> assertThat(classes).as(service).allSatisfy(c -> {
                if (service.equals(RESOLVER_SERVICE)) {
                    assertThat(all).as("the resolver provider is a JDK 18 class").contains(VERSIONED + classFile.apply(c));
                } else {
                    assertThat(all).as(service + " names a class of the jar").contains(classFile.apply(c));
                }
            }));
        }
    }

    /** JDK 17: the versioned provider, which it could not link, stays invisible (it reads no META-INF/versions). */
    private static void assertInvisibleOnJdk17(String provider) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar().toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName(provider, false, loader))
                    .as("JDK 17 reads no " + VERSIONED).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void theVersionedProviderLinksAgainstTheRealJavaNetSpiOnJdk18AndIsInvisibleOnJdk17() throws Exception {
        String provider;
        try (JarFile jar = new JarFile(jar().toFile())) {
            provider = providers(new String(jar.getInputStream(jar.getEntry(RESOLVER_SERVICE)).readAllBytes(),
                    StandardCharsets.UTF_8)).get(0);
        }
        if (Runtime.version().feature() < 18) {
            assertInvisibleOnJdk17(provider); // .ci/run runs this class on JDK 25 too, with the jar built on JDK 17
            return;
        }
        Class<?> spi = Class.forName("java.net.spi.InetAddressResolverProvider");
        try (JarFile jar = new JarFile(jar().toFile());
                URLClassLoader loader = new URLClassLoader(new URL[] {jar().toUri().toURL()},
                        MultiReleaseJarIT.class.getClassLoader())) {
            for (String name : entries(jar)) {
                if (name.startsWith(VERSIONED) && name.endsWith(".class")) {
                    String binary = name.substring(VERSIONED.length(), name.length() - 6).replace('/', '.');
                    Class<?> type = Class.forName(binary, true, loader);
                    // Failsafe puts this same jar on the class path: the parent may be the one that defines it
                    assertThat(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()))
                            .as(binary + " comes from the jar").isEqualTo(jar().toAbsolutePath());
                    for (Method m : type.getDeclaredMethods()) {
                        assertThat(m.getParameterTypes()).as(m.toString()).isNotNull(); // resolves every signature type
                    }
                }
            }
            Class<?> type = Class.forName(provider, true, loader);
            assertThat(spi.isAssignableFrom(type)).as(provider + " implements the JDK's " + spi.getName()).isTrue();
            Object instance = type.getConstructor().newInstance();
            assertThat(spi.getMethod("name").invoke(instance)).as("the provider's name()").asString().isNotBlank();
        }
    }
}
