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
        Optional<String> problem = check(factory.getClass(), ClassLoader.getSystemClassLoader());
        if (problem.isEmpty()) {
            return problem;
        }
        String warning = problem.get();
        System.getLogger(CommonPoolSetup.class.getName()).log(System.Logger.Level.WARNING, warning);
        return Optional.of(warning);
    }

    /**
     * What is wrong with the common pool using {@code factoryClass}, if anything. Our factory is recognised by name:
     * the JDK loads it with the system class loader, and where the tests run in a class loader of their own
     * (Surefire's {@code useSystemClassLoader=false}, an isolated class loader) that is another class than ours, but
     * the same factory — no warning then (before, {@code instanceof} failed and the warning was false, and the
     * command-line fix it suggested could not silence it). When the system class loader cannot load our factory at
     * all (tests in Maven's own JVM, {@code forkCount=0}: its class path is Maven's) the JDK fell back to its default
     * factory, and the warning says that instead — setting the property earlier cannot help there, forking can.
     */
    static Optional<String> check(Class<?> factoryClass, ClassLoader systemLoader) {
        String ours = CommonPoolThreadFactory.class.getName();
        if (factoryClass.getName().equals(ours)) {
            return Optional.empty();
        }
        try {
            Class.forName(ours, false, systemLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of(notOnSystemClassPath(factoryClass.getName()));
        }
        return Optional.of(tooLate(factoryClass.getName()));
    }

    /** The text of the warning when the JDK could not load our factory from the system class loader. */
    static String notOnSystemClassPath(String factoryClass) {
        return "netns-junit: the common ForkJoin pool of this JVM uses " + factoryClass + ", not netns-junit's thread"
                + " factory: the JDK loads the factory named by -D" + PROPERTY + " with the system class loader, which"
                + " cannot see netns-junit here: the tests run in a class loader of their own (Surefire with"
                + " reuseForks=false, whose forked JVM has only Surefire's booter on the system class path; Maven's own"
                + " JVM with forkCount=0, whose common pool exists long before any test). So a pool worker first"
                + " started from an @InNamespace test stays in that test's namespace. Fix: run the tests in a forked JVM"
                + " that is reused (Surefire's defaults forkCount=1, reuseForks=true), or never hand work to the common"
                + " pool from a namespace (pass an executor).";
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
