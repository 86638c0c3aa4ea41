package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.internal.sys.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives the calling thread, which has just entered a network namespace, a private mount namespace in which
 * {@code /sys} and {@code /proc/net} show that network namespace: what {@code ip netns exec} sets up for a process,
 * done for one thread.
 *
 * <p>Why: two views of the network do not follow the thread. {@code /proc/net} is a symlink to {@code self/net},
 * and {@code /proc/self} is the thread-group leader, so it shows the JVM's namespace — the JDK reads IPv6 addresses
 * for {@code NetworkInterface} from {@code /proc/net/if_inet6}. A sysfs mount shows the network namespace of the
 * task that mounted it (the kernel tags the superblock at mount time), so {@code /sys/class/net} lists the host's
 * links. Checked on Linux 6.18: after setns(CLONE_NEWNET) a thread of a multithreaded process may
 * unshare(CLONE_NEWNS) (it implies CLONE_FS, giving the thread its own root and working directory; the working
 * directory is kept), and then:
 * <ol>
 *   <li>{@code mount(none, "/", MS_REC | MS_PRIVATE)}: the copied mounts were peers of the JVM's (shared
 *       propagation), so without this the next mount would propagate to the host's mount table;</li>
 *   <li>a fresh sysfs on {@code /sys} (it now shows this network namespace), with the submounts the old
 *       {@code /sys} had directly below it (e.g. {@code /sys/fs/cgroup}, which the JVM reads for its container
 *       limits) bound back recursively from fds opened before;</li>
 *   <li>{@code /proc/thread-self/net} (the directory of this task's network namespace) bound over
 *       {@code /proc/<pid>/net}, which is where {@code /proc/net} and {@code /proc/self/net} lead.</li>
 * </ol>
 *
 * <p>Limits: the mount namespace is per thread, so only this thread and the threads and processes it starts (they
 * inherit it) see the view; {@code /proc/<pid>/task/<tid>/net} of other threads and {@code /proc/<other pid>/net}
 * are untouched. The sysfs mount holds a reference on the network namespace until the mount namespace ends, which
 * is when the last thread in it has ended — so a thread started from here keeps the namespace alive, as its network
 * namespace membership already does. Mounts made later below {@code /sys} in the JVM's mount namespace are not seen
 * here (the view is private in both directions).
 */
final class NamespaceMounts {
    private NamespaceMounts() {
    }

    /** Sets up the view for the calling thread; throws {@link io.github.netnsjunit.netlink.sys.SyscallException}. */
    static void enter() {
        Native.unshare(Native.CLONE_NEWNS);
        Native.mount(null, "/", null, Native.MS_REC | Native.MS_PRIVATE, null);
        List<String> below = topSubmounts("/sys");
        List<Integer> fds = new ArrayList<>();
        try {
            for (String mountPoint : below) {
                fds.add(Native.openReadOnly(mountPoint));
            }
            Native.mount("sysfs", "/sys", "sysfs", Native.MS_NOSUID | Native.MS_NODEV | Native.MS_NOEXEC, null);
            for (int i = 0; i < below.size(); i++) {
                if (Files.isDirectory(Path.of(below.get(i)))) { // the fresh sysfs has the kernel's mount points
                    Native.mount("/proc/thread-self/fd/" + fds.get(i), below.get(i), null,
                            Native.MS_BIND | Native.MS_REC, null);
                }
            }
        } finally {
            fds.forEach(Native::close);
        }
        Native.mount("/proc/thread-self/net", procNet(), null, Native.MS_BIND, null);
    }

    /** The mount point of the view's {@code /proc/net} bind mount. */
    private static String procNet() {
        return "/proc/" + Native.getpid() + "/net";
    }

    /** True if the calling thread's mount namespace has the view (the bind mount over {@code /proc/<pid>/net}). */
    static boolean isView() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && unescape(fields[4]).equals(procNet())) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * For a thread that inherited the view but cannot go back to the JVM's mount namespace: moves it to a private
     * copy of the view (unshare(CLONE_NEWNS)) and detaches, there, the mounts the view added, which uncovers the
     * JVM's {@code /sys} and {@code /proc/<pid>/net} below them. The copy then holds no reference to the network
     * namespace (the sysfs mount did).
     */
    static void leave() {
        Native.unshare(Native.CLONE_NEWNS);
        Native.detachMount(procNet());
        Native.detachMount("/sys"); // the fresh sysfs, with the submounts bound onto it
    }

    /**
     * Mount points strictly below {@code root} that are not below another such mount point, from this thread's
     * {@code mountinfo} (field 5, with the kernel's octal escapes for space, tab, newline and backslash).
     */
    static List<String> topSubmounts(String root) {
        List<String> all = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    String point = unescape(fields[4]);
                    if (point.startsWith(root + "/")) {
                        all.add(point);
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        List<String> top = new ArrayList<>();
        for (String p : all) {
            if (all.stream().noneMatch(q -> !q.equals(p) && p.startsWith(q + "/")) && !top.contains(p)) {
                top.add(p);
            }
        }
        return top;
    }

    static String unescape(String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
