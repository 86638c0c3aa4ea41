package io.github.netnsjunit.junit;

import java.io.File;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Run by {@link HostNamesOnJdk17IT} in a JVM of its own: loads every class at the root of the extension's jar (args[0])
 * and resolves {@code localhost}, printing what it saw; exits 1 when a class does not load.
 */
public final class Jdk17Probe {
    private Jdk17Probe() {
    }

    public static void main(String[] args) throws Exception {
        List<String> failures = new ArrayList<>();
        int loaded = 0;
        boolean versionedVisible;
        try (JarFile jar = new JarFile(new File(args[0]), true, ZipFile.OPEN_READ, Runtime.version())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                try {
                    Class.forName(className, false, Jdk17Probe.class.getClassLoader());
                    loaded++;
                } catch (LinkageError | ClassNotFoundException ex) {
                    failures.add(className + ": " + ex);
                }
            }
            // what this JVM sees of the multi-release part
            versionedVisible = jar.getJarEntry("io/github/netnsjunit/junit/internal/resolver/TopologyResolverProvider.class") != null;
        }
        boolean providerLoadable;
        try {
            Class.forName("io.github.netnsjunit.junit.internal.resolver.TopologyResolverProvider");
            providerLoadable = true;
        } catch (ClassNotFoundException e) {
            providerLoadable = false;
        }
        System.out.println("java " + Runtime.version().feature() + ": loaded " + loaded + " classes, failures " + failures
                + ", resolver provider visible " + versionedVisible + ", loadable " + providerLoadable
                + ", localhost " + InetAddress.getByName("localhost").getHostAddress());
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
