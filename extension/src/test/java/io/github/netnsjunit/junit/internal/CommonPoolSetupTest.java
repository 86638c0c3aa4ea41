package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * Which common-pool warning is true: none when the pool uses our factory, even loaded by another class loader than
 * the tests'; "not on the system class path" when the JDK could not load it (Surefire's {@code reuseForks=false},
 * {@code forkCount=0}); "too late" otherwise.
 */
class CommonPoolSetupTest {
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    @Test
    void ourFactoryIsRecognisedWhicheverClassLoaderLoadedIt() throws Exception {
        URL classes = CommonPoolThreadFactory.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {classes}, PLATFORM)) {
            Class<?> other = Class.forName(CommonPoolThreadFactory.class.getName(), false, isolated);
            assertThat(other).isNotSameAs(CommonPoolThreadFactory.class);
            assertThat(CommonPoolSetup.check(other, isolated)).isEmpty();
        }
        assertThat(CommonPoolSetup.check(CommonPoolThreadFactory.class, ClassLoader.getSystemClassLoader())).isEmpty();
    }

    @Test
    void aSystemClassLoaderWithoutNetnsJunitIsNamedAsTheReason() throws Exception {
        Class<?> jdkDefault = ForkJoinPool.defaultForkJoinWorkerThreadFactory.getClass();
        try (URLClassLoader mavensOwn = new URLClassLoader(new URL[0], PLATFORM)) {
            assertThat(CommonPoolSetup.check(jdkDefault, mavensOwn)).hasValueSatisfying(w -> assertThat(w)
                    .contains("which cannot see netns-junit here").contains("reuseForks=false")
                    .contains("forkCount=0").contains("run the tests in a forked JVM that is reused"));
        }
    }

    @Test
    void aPoolMadeTooEarlyKeepsTheCommandLineFix() {
        Class<?> jdkDefault = ForkJoinPool.defaultForkJoinWorkerThreadFactory.getClass();
        assertThat(CommonPoolSetup.check(jdkDefault, ClassLoader.getSystemClassLoader()))
                .hasValue(CommonPoolSetup.tooLate(jdkDefault.getName()));
    }
}
