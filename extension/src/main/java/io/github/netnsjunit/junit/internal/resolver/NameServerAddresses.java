package io.github.netnsjunit.junit.internal.resolver;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Internal: the addresses our DNS server listens on inside a topology's namespaces. Resolvers do not ask "the
 * namespace's" name server: each reads a {@code resolv.conf} and queries the addresses it names, from whatever
 * namespace the querying thread is in. glibc rereads {@code /etc/resolv.conf} when it changes, but Netty's
 * {@code DnsNameResolver} reads it once per JVM (its {@code UnixResolverDnsServerAddressStreamProvider} is built
 * in a static initializer), and falls back to Google's public servers when it names none. So the server listens on
 * exactly the addresses every resolver in this JVM will use — the nameservers of the JVM's {@code /etc/resolv.conf}
 * (added to the namespace's {@code lo}, so the query stays in the namespace and never reaches the real server) —
 * plus {@code 127.0.0.53}, and with no nameserver line glibc's default ({@code 127.0.0.1}, {@code ::1}) and Netty's
 * ({@code 8.8.8.8}, {@code 8.8.4.4}).
 */
final class NameServerAddresses {
    static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

    private NameServerAddresses() {
    }

    /** The addresses for the JVM's {@code /etc/resolv.conf}, read now. */
    static List<InetAddress> ofJvm() {
        String text;
        try {
            text = Files.readString(RESOLV_CONF, StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "";
        }
        return of(text);
    }

    /** The addresses for a {@code resolv.conf} text. */
    static List<InetAddress> of(String resolvConf) {
        Set<InetAddress> out = new LinkedHashSet<>();
        out.add(IpAddresses.parse("127.0.0.53"));
        boolean named = false;
        for (String line : resolvConf.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver")) {
                String address = words[1];
                int zone = address.indexOf('%'); // fe80::1%eth0: the scope names a link of the host, not ours
                if (zone >= 0) {
                    continue;
                }
                try {
                    out.add(IpAddresses.parse(address));
                    named = true;
                } catch (IllegalArgumentException notAnAddress) {
                    // glibc skips such a line too
                }
            }
        }
        if (!named) {
            out.add(IpAddresses.parse("127.0.0.1"));
            out.add(IpAddresses.parse("::1"));
            out.add(IpAddresses.parse("8.8.8.8"));
            out.add(IpAddresses.parse("8.8.4.4"));
        }
        return List.copyOf(out);
    }
}
