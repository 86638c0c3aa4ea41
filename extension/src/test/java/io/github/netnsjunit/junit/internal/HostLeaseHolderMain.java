package io.github.netnsjunit.junit.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM's entry point for {@link HostLeaseIT}: takes the lease of the lock file given as argument, prints
 * {@code HELD <inode>} (the inode the path names once held), keeps it until a line arrives on stdin, releases it and
 * prints {@code RELEASED}.
 */
public final class HostLeaseHolderMain {
    private HostLeaseHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (HostLease lease = HostLease.acquire(file)) {
            System.out.println("HELD " + Files.getAttribute(file, "unix:ino"));
            in.readLine();
        }
        System.out.println("RELEASED");
    }
}
