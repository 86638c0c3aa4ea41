package io.github.netnsjunit.junit;

import io.github.netnsjunit.junit.internal.preflight.Check;
import io.github.netnsjunit.junit.internal.preflight.MachineChecks;
import java.io.PrintStream;
import java.util.List;

/**
 * Tells whether this machine can run netns-junit tests, and how to fix what it lacks: one line per requirement,
 * {@code OK}, {@code MISSING} (required: the exit status is 1) or {@code WARN} (an optional part), each with what
 * was found and the fix. Every kernel feature is tried live, through the library, in a scratch network namespace
 * that is gone when the check ends: privileges, network namespaces, veth, bridge, nf_tables with NAT, the
 * {@code sch_netem} qdisc, unprivileged user namespaces (laptop mode), the JDK's native access.
 *
 * <p>Run it from a project that has the test dependency, without cloning this repository:
 * <pre>
 * mvn -q org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.netnsjunit.junit.Preflight
 * </pre>
 * or with any class path that holds netns-junit and its dependencies: {@code java -cp ... io.github.netnsjunit.junit.Preflight}.
 */
public final class Preflight {
    private Preflight() {
    }

    /**
     * Runs every check, prints one line each and exits with 1 when a required part is missing, else 0.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        List<Check> checks = MachineChecks.all();
        print(checks, System.out);
        System.out.flush();
        System.exit(checks.stream().anyMatch(c -> c.status() == Check.Status.MISSING) ? 1 : 0);
    }

    private static void print(List<Check> checks, PrintStream out) {
        out.println("netns-junit preflight: " + MachineChecks.machine());
        for (Check c : checks) {
            out.println(c.line());
        }
        long missing = checks.stream().filter(c -> c.status() == Check.Status.MISSING).count();
        out.println(missing == 0 ? "RESULT ready: every required part is there"
                : "RESULT not ready: " + missing + " required part(s) missing, see the fixes above");
    }
}
