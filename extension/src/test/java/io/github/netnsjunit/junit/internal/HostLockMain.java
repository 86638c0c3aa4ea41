package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.KitMain;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A child JVM's entry point for {@link HostLockIT}: opens and closes one launcher session (so the session listeners
 * run, the host sweep among them, printing what they print), prints {@code REAL-UID <uid>} and
 * {@code LOCK-DIR <directory>}, then runs one fixture through {@link KitMain}.
 */
public final class HostLockMain {
    private HostLockMain() {
    }

    public static void main(String[] args) throws Exception {
        try (LauncherSession session = LauncherFactory.openSession()) {
            System.out.println("SESSION opened " + session.getClass().getSimpleName());
        }
        System.out.println("REAL-UID " + RealUser.uid());
        System.out.println("LOCK-DIR " + HostLease.DIRECTORY);
        KitMain.main(args);
    }
}
