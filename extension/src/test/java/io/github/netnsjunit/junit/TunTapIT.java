package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.route.TunTapDevice;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A userspace network stack in a test: the test answers, from Java, the ARP requests and ICMP echo requests that the
 * kernel sends out of a tap (frames) or tun (IP packets) link of the namespace. Oracle: {@code ping}, a process of
 * its own in the namespace, gets the replies; {@code ip -j link} sees the link while the device is open and not
 * after.
 */
@NetNamespace("ns")
class TunTapIT {
    private static final byte[] STACK_IP = {10, 50, 0, 2};
    private static final byte[] STACK_MAC = {0x02, 0, 0, 0, 0x50, 0x02};

    @Test
    void aPingThroughATapIsAnsweredFromJava(@Ns("ns") NetNs ns) throws Exception {
        try (TunTapDevice tap = ns.openTap("tap0", "10.50.0.1/24")) {
            assertThat(Kernel.nsenter(ns.path(), "ip", "-j", "-d", "link", "show", "tap0"))
                    .contains("\"info_kind\":\"tun\"").contains("\"type\":\"tap\"");
            AtomicInteger echoes = new AtomicInteger();
            String ping = answering(tap, frame -> answerFrame(frame, echoes),
                    () -> Kernel.nsenter(ns.path(), "ping", "-c", "3", "-W", "2", "-i", "0.2", "10.50.0.2"));
            assertThat(ping).contains("3 packets transmitted, 3 received");
            assertThat(echoes.get()).isEqualTo(3);
            // the neighbour entry the kernel made from our ARP reply
            assertThat(Kernel.nsenter(ns.path(), "ip", "-j", "neigh", "show", "dev", "tap0"))
                    .contains("\"lladdr\":\"02:00:00:00:50:02\"");
        }
        // closing the descriptor deleted the link
        assertThat(Kernel.nsenter(ns.path(), "ip", "-j", "link", "show", "type", "tun")).isEqualTo("[]\n");
    }

    @Test
    void aPingThroughATunIsAnsweredFromJava(@Ns("ns") NetNs ns) throws Exception {
        try (TunTapDevice tun = ns.openTun("tun0", "10.50.0.1/24")) {
            assertThat(Kernel.nsenter(ns.path(), "ip", "-j", "-d", "link", "show", "tun0"))
                    .contains("\"type\":\"tun\"");
            AtomicInteger echoes = new AtomicInteger();
            String ping = answering(tun, packet -> answerIp(packet, echoes),
                    () -> Kernel.nsenter(ns.path(), "ping", "-c", "3", "-W", "2", "-i", "0.2", "10.50.0.2"));
            assertThat(ping).contains("3 packets transmitted, 3 received");
            assertThat(echoes.get()).isEqualTo(3);
        }
    }

    @Test
    void aBadAddressIsRefusedBeforeAnythingIsMade(@Ns("ns") NetNs ns) {
        assertThatThrownBy(() -> ns.openTap("tap1", "10.50.0.1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("openTap(\"tap1\"): address \"10.50.0.1\" is not in CIDR notation");
        assertThat(Kernel.nsenter(ns.path(), "ip", "-j", "link", "show", "type", "tun")).isEqualTo("[]\n");
    }

    /** What the stack answers to one frame or packet; null for nothing. */
    @FunctionalInterface
    private interface Stack {
        byte[] answer(byte[] in);
    }

    @FunctionalInterface
    private interface Client {
        String run() throws Exception;
    }

    /** Runs {@code client} while a thread answers what arrives on {@code device}; the client's result. */
    private static String answering(TunTapDevice device, Stack stack, Client client) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> responder = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                device.read(Duration.ofMillis(100)).map(stack::answer).ifPresent(device::write);
            }
        }, r -> new Thread(r, "userspace-stack").start());
        try {
            return client.run();
        } finally {
            done.set(true);
            responder.get(5, TimeUnit.SECONDS);
        }
    }

    /** Ethernet: ARP requests for our address, and IPv4 inside (the echo requests). */
    private static byte[] answerFrame(byte[] frame, AtomicInteger echoes) {
        int type = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
        if (type == 0x0806 && frame.length >= 42 && frame[21] == 1
                && Arrays.equals(Arrays.copyOfRange(frame, 38, 42), STACK_IP)) {
            byte[] reply = frame.clone();
            System.arraycopy(frame, 6, reply, 0, 6);            // to the asker
            System.arraycopy(STACK_MAC, 0, reply, 6, 6);        // from us
            reply[21] = 2;                                      // ARP reply
            System.arraycopy(STACK_MAC, 0, reply, 22, 6);       // sender: us
            System.arraycopy(STACK_IP, 0, reply, 28, 4);
            System.arraycopy(frame, 22, reply, 32, 10);         // target: the asker's MAC and IP
            return reply;
        }
        if (type == 0x0800) {
            byte[] ip = answerIp(Arrays.copyOfRange(frame, 14, frame.length), echoes);
            if (ip != null) {
                byte[] reply = new byte[14 + ip.length];
                System.arraycopy(frame, 6, reply, 0, 6);
                System.arraycopy(STACK_MAC, 0, reply, 6, 6);
                reply[12] = 0x08;
                System.arraycopy(ip, 0, reply, 14, ip.length);
                return reply;
            }
        }
        return null; // IPv6 router solicitations, MLD reports...: not ours to answer
    }

    /** IPv4: an ICMP echo request to our address becomes its echo reply. */
    private static byte[] answerIp(byte[] packet, AtomicInteger echoes) {
        if (packet.length < 28 || (packet[0] >> 4) != 4 || packet[9] != 1) {
            return null;
        }
        int headerLength = (packet[0] & 0x0f) * 4;
        int totalLength = ((packet[2] & 0xff) << 8) | (packet[3] & 0xff);
        if (!Arrays.equals(Arrays.copyOfRange(packet, 16, 20), STACK_IP) || packet[headerLength] != 8) {
            return null;
        }
        echoes.incrementAndGet();
        byte[] reply = Arrays.copyOf(packet, totalLength);
        System.arraycopy(packet, 16, reply, 12, 4);             // from the address asked
        System.arraycopy(packet, 12, reply, 16, 4);             // to the asker
        reply[8] = 64;                                          // TTL
        reply[headerLength] = 0;                                // echo reply, same id, sequence and data
        setChecksum(reply, headerLength + 2, headerLength, totalLength);
        setChecksum(reply, 10, 0, headerLength);
        return reply;
    }

    /** RFC 1071: the one's complement of the one's complement sum, over [from, to) with the field zeroed. */
    private static void setChecksum(byte[] b, int field, int from, int to) {
        b[field] = 0;
        b[field + 1] = 0;
        long sum = 0;
        ByteBuffer buffer = ByteBuffer.wrap(b, from, to - from);
        while (buffer.remaining() > 1) {
            sum += buffer.getShort() & 0xffff;
        }
        if (buffer.hasRemaining()) {
            sum += (buffer.get() & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        int checksum = (int) (~sum & 0xffff);
        b[field] = (byte) (checksum >> 8);
        b[field + 1] = (byte) checksum;
    }
}
