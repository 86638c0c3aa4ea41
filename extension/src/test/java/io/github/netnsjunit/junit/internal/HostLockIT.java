package io.github.netnsjunit.junit.internal;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.KitMain;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.VethPair;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 6: the host lock of unprivileged users in user namespaces (rootless runs, sealed laptop mode).
 * Inside {@code unshare --user --map-root-user} every user is uid 0 and {@code user.name} is {@code root}; the lock
 * directory is per real user nevertheless, so two users' host tests both pass one after the other, and a run that
 * touches no host prints no sweep line and creates no directory. The children run as uids 65534, 65533 and 65532
 * ({@code setpriv}, no passwd entry needed), the oracle for the real uid being the uid given to setpriv.
 */
class HostLockIT {
    private static final List<Long> UIDS = List.of(65534L, 65533L, 65532L);
    private static final List<Path> CREATED = new ArrayList<>();
    private static String classPath;

    @TempDir
    static Path copies;

    @KitFixture
    @NetNamespace("ns0")
    @VethPair(name = "hl0", namespace = "host", address = "10.231.7.1/30", peer = "eth0", peerNamespace = "ns0",
            peerAddress = "10.231.7.2/30")
    public static class HostVethTestCase {
        @Test
        void hostReachesNs0(Topology topology, @Ns("host") NetNs host) {
            assertThat(host).hasLinkUp(topology.linkName("host", "hl0")).canPing("10.231.7.2");
        }
    }

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "10.231.8.1/30", peer = "veth1", peerNamespace = "ns1",
            peerAddress = "10.231.8.2/30")
    public static class NoHostTestCase {
        @Test
        void ns0ReachesNs1(@Ns("ns0") NetNs ns0) {
            assertThat(ns0).canPing("10.231.8.2");
        }
    }

    /** The unprivileged children cannot read root's ~/.m2: they get a world-readable copy of the class path. */
    @BeforeAll
    static void copyClassPath() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) || Files.isExecutable(Path.of("/bin/setpriv")),
                "setpriv (util-linux) is needed to run children as other users");
        assumeTrue(run(65534, "sh", "-c", ":").exitCode() == 0,
                "unprivileged user namespaces are not available here (see the preflight): cannot run as another user");
        for (long uid : UIDS) {
            Path dir = lockDirectory(uid);
            if (!Files.exists(dir)) {
                CREATED.add(dir);
            }
        }
        Files.setPosixFilePermissions(copies, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = copies.resolve(i++ + "-" + source.getFileName());
            copyTree(source, target);
            entries.add(target.toString());
        }
        classPath = String.join(File.pathSeparator, entries);
    }

    @AfterAll
    static void removeWhatTheChildrenCreated() throws IOException {
        for (Path dir : CREATED) {
            deleteTree(dir);
        }
    }

    private static Path lockDirectory(long uid) {
        return Path.of(System.getProperty("java.io.tmpdir"), "netns-junit-" + uid);
    }

    @Test
    void twoUnprivilegedUsersEachGetTheirOwnLockAndBothHostTestsPass() throws Exception {
        for (long uid : UIDS.subList(0, 2)) {
            Result r = runChild(uid, HostVethTestCase.class);
            assertThat(r.lines()).as(r.output())
                    .contains("REAL-UID " + uid, "LOCK-DIR " + lockDirectory(uid),
                            "SUMMARY started=1 succeeded=1 failed=0 aborted=0 skipped=0")
                    .noneMatch(l -> l.contains("sweep"));
            assertThat(r.exitCode()).as(r.output()).isZero();
            // the oracle: the directory belongs to that user, outside its user namespace
            assertThat(Files.getAttribute(lockDirectory(uid), "unix:uid")).as(r.output()).isEqualTo((int) uid);
            assertThat(Files.getPosixFilePermissions(lockDirectory(uid)))
                    .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            // issue 21: the lock file went with its last holder; the directory stays (see HostLease)
            assertThat(lockDirectory(uid).resolve("host.lock")).as(r.output()).doesNotExist();
        }
    }

    @Test
    void aRunThatTouchesNoHostPrintsNoSweepLineAndCreatesNoDirectory() throws Exception {
        long uid = UIDS.get(2);
        Result r = runChild(uid, NoHostTestCase.class);
        assertThat(r.lines()).as(r.output())
                .contains("REAL-UID " + uid, "SUMMARY started=1 succeeded=1 failed=0 aborted=0 skipped=0")
                .noneMatch(l -> l.contains("sweep"));
        assertThat(lockDirectory(uid)).as(r.output()).doesNotExist();
    }

    private record Result(int exitCode, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private static Result runChild(long uid, Class<?> fixture) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(KitMain.nativeAccessOptions());
        cmd.addAll(List.of("-cp", classPath, HostLockMain.class.getName(), fixture.getName()));
        Result r = run(uid, cmd.toArray(String[]::new));
        System.out.println("[uid " + uid + ", " + fixture.getSimpleName() + "]\n" + r.output());
        return r;
    }

    /** COMMAND as uid inside {@code unshare --user --map-root-user --net}, i.e. rootless as ci/rootless.sh does. */
    private static Result run(long uid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "unshare", "--user", "--map-root-user", "--net", "--"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(new File("/"));
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child did not end within 120 s:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : all.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> all = Files.walk(target)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
