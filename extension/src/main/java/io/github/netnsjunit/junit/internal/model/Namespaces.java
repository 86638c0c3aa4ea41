package io.github.netnsjunit.junit.internal.model;

/** Internal: reserved namespace names. */
public final class Namespaces {

    /** The JVM's own network namespace; may be referenced but never declared with {@code @NetNamespace}. */
    public static final String HOST = "host";

    private Namespaces() {
    }
}
