package io.github.netnsjunit.junit.internal.resolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Internal: the {@code /etc/hosts} a topology's processes see. {@code ip netns exec NAME} bind-mounts each file of
 * {@code /etc/netns/NAME/} over its {@code /etc} counterpart inside a private mount namespace; we do the same for one
 * file we own: a copy of the host's {@code /etc/hosts} (so {@code localhost} and the machine's own entries keep
 * working) followed by the topology's names, in a temporary file deleted at teardown. The host's {@code /etc/hosts}
 * is only ever read. The mount lives in a mount namespace of the process alone ({@code unshare --mount}, whose
 * default propagation is private, so nothing propagates back to the host) and disappears with it.
 */
public final class EtcHosts {
    static final Path HOST_FILE = Path.of("/etc/hosts");

    private EtcHosts() {
    }

    /** Writes the file for {@code table}; the caller deletes it. */
    public static Path write(HostTable table) {
        try {
            String host;
            try {
                host = Files.readString(HOST_FILE, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                host = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
            }
            String text = host + (host.isEmpty() || host.endsWith("\n") ? "" : "\n")
                    + "# netns-junit: host names of the test's topology\n" + table.hostsLines();
            Path file = Files.createTempFile("netns-junit-hosts-", "");
            // readable like /etc/hosts itself, for programs that drop privileges
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hosts file of the topology's processes: " + e.getMessage(), e);
        }
    }

    /**
     * What runs a command with {@code file} as its {@code /etc/hosts}: {@code unshare} (util-linux) gives it a mount
     * namespace of its own, {@code mount --bind} puts the file in place and {@code sh} then execs the command with its
     * arguments unchanged ({@code "$@"}). Put it before the command.
     */
    public static List<String> mountPrefix(Path file) {
        return List.of("unshare", "--mount", "--propagation", "private", "--",
                "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", file.toString());
    }
}
