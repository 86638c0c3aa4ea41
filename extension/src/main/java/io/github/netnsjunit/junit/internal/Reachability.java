package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.PingResult;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Internal: what the AssertJ assertions need from a namespace beyond {@link io.github.netnsjunit.junit.NetNs}: a
 * ping that stops as soon as its outcome is known. Implemented by the extension's namespaces; the assertions fall
 * back to {@link io.github.netnsjunit.junit.NetNs#ping(String, int, Duration)} for other implementations.
 */
public interface Reachability {
    /**
     * Up to {@code count} echo requests, 200 ms apart, returning at the first reply, the first ICMP error or a
     * refused send; without any, {@code timeout} after the last request. The route is only looked up when no reply
     * came (a passing check costs one round trip).
     */
    PingResult probe(InetAddress target, int count, Duration timeout, String sourceInterface);

    /**
     * {@link io.github.netnsjunit.junit.NetNs#trace(String, int)} ({@code port} 1..65535) or, with a negative
     * {@code port}, {@link io.github.netnsjunit.junit.NetNs#trace(String)} with the echoes sent out of
     * {@code sourceInterface} (null: as routed).
     */
    PathTrace trace(InetAddress target, int port, String sourceInterface);
}
