package io.github.netnsjunit.junit.internal;

import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Internal: installs {@link CommonPoolThreadFactory} as the thread factory of the common {@link ForkJoinPool}, and
 * warns once when that is too late.
 *
 * <p>The JDK reads the system property {@value #PROPERTY} once, when {@code ForkJoinPool} is initialised (which
 * also happens on the first use of {@code CompletableFuture}). {@code internal.jupiter.CommonPoolListener} calls {@link #install()}
 * when the JUnit Platform opens its launcher session, before any test class is loaded; if something in the JVM used
 * the pool earlier, the factory cannot be changed any more, and the fix is to set the property on the test JVM's
 * command line. A property the user set to a factory of their own is respected.
 */
public final class CommonPoolSetup {
    /** The JDK's system property naming the common pool's thread factory class. */
    public static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.threadFactory";

    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private CommonPoolSetup() {
    }

    /**
     * Sets the property unless set, then checks what the common pool uses (which creates the pool, without threads),
     * once per JVM. Returns the warning it logged, if any.
     */
    public static Optional<String> install() {
        if (!CHECKED.compareAndSet(false, true)) {
            return Optional.empty();
        }
        String wanted = System.getProperty(PROPERTY);
        if (wanted == null) {
            System.setProperty(PROPERTY, CommonPoolThreadFactory.class.getName());
        } else if (!wanted.equals(CommonPoolThreadFactory.class.getName())) {
            return Optional.empty(); // the user's own factory: theirs to place
        }
        Object factory = ForkJoinPool.commonPool().getFactory();
        if (factory instanceof CommonPoolThreadFactory) {
            return Optional.empty();
        }
        String warning = tooLate(factory.getClass().getName());
        System.getLogger(CommonPoolSetup.class.getName()).log(System.Logger.Level.WARNING, warning);
        return Optional.of(warning);
    }

    /** The text of the warning when the pool was made before the factory could be installed. */
    static String tooLate(String factoryClass) {
        return "netns-junit: the common ForkJoin pool of this JVM was created before netns-junit could install its"
                + " thread factory (it uses " + factoryClass + "), so a pool worker first started from an @InNamespace"
                + " test stays in that test's namespace, keeps it alive and runs later tests' work there. Fix: start"
                + " the test JVM with -D" + PROPERTY + "=" + CommonPoolThreadFactory.class.getName()
                + " (Maven: in the <argLine> of maven-surefire-plugin and maven-failsafe-plugin).";
    }
}
