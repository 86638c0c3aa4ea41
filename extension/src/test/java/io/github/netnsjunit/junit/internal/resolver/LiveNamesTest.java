package io.github.netnsjunit.junit.internal.resolver;

import io.github.netnsjunit.junit.TestTopologies;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.NetworkTopology;
import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which topology a thread's lookup answers from, without namespaces: the registering thread and the threads it starts
 * are tied to it, ties nest, an explicit scope ties another thread, and untied threads get only unambiguous names.
 */
class LiveNamesTest {
    private ExecutorService untied;

    @BeforeEach
    void startUntiedThread() throws Exception {
        untied = Executors.newSingleThreadExecutor(r -> new Thread(r, "untied"));
        untied.submit(() -> { }).get();
    }

    @AfterEach
    void stop() throws Exception {
        untied.shutdownNow();
        assertThat(untied.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private static HostTable svc(String address) {
        return HostTable.of(TestTopologies.validate(NetworkTopology.builder()
                .hostEntry("svc", address).hostEntry("only-" + address.replace('.', '-'), address).build()));
    }

    private static String answer(String name) {
        LiveNames.Answer a = LiveNames.lookup(name);
        if (a instanceof LiveNames.Answer.Found f) {
            return f.addresses().get(0).getHostAddress();
        }
        return a instanceof LiveNames.Answer.Ambiguous ? "ambiguous" : "not ours";
    }

    private String onUntied(String name) throws Exception {
        return untied.submit(() -> answer(name)).get();
    }

    private static String onNewThread(String name) throws Exception {
        String[] out = new String[1];
        Thread t = new Thread(() -> out[0] = answer(name));
        t.start();
        t.join();
        return out[0];
    }

    @Test
    void threadsAnswerFromTheirOwnTopology() throws Exception {
        try (LiveNames.Registration first = LiveNames.register(svc("127.0.0.2"), "first", Set.of())) {
            assertThat(answer("svc")).isEqualTo("127.0.0.2");
            assertThat(onNewThread("SVC")).isEqualTo("127.0.0.2");
            // one live topology: unambiguous for anyone
            assertThat(onUntied("svc")).isEqualTo("127.0.0.2");
            LiveNames.Registration second;
            try (LiveNames.Registration inner = LiveNames.register(svc("127.0.0.3"), "second", Set.of())) {
                second = inner;
                // the innermost tie wins on this thread; the other topology's own name is not ours here
                assertThat(answer("svc")).isEqualTo("127.0.0.3");
                assertThat(answer("only-127-0-0-2")).isEqualTo("not ours");
                assertThat(onUntied("svc")).isEqualTo("ambiguous");
                assertThat(onUntied("only-127-0-0-2")).isEqualTo("127.0.0.2");
                // an explicit scope ties a thread that was created before
                assertThat(untied.submit(() -> {
                    try (AutoCloseable tie = inner.tieCurrentThread()) {
                        return answer("svc");
                    }
                }).get()).isEqualTo("127.0.0.3");
                assertThat(onUntied("svc")).isEqualTo("ambiguous");
                String message = ((LiveNames.Answer.Ambiguous) untied.submit(() -> LiveNames.lookup("svc")).get())
                        .message();
                assertThat(message).isEqualTo("svc: declared differently by 2 topologies alive now (first -> 127.0.0.2;"
                        + " second -> 127.0.0.3), and thread 'untied' belongs to none of their tests. netns-junit answers"
                        + " from the test of the thread that looks up: look the name up from the test's thread, a"
                        + " namespace thread (NetNs.call, @InNamespace), or a thread they start.");
            }
            // closed: back to the outer tie
            assertThat(second).isNotNull();
            assertThat(answer("svc")).isEqualTo("127.0.0.2");
            assertThat(onUntied("svc")).isEqualTo("127.0.0.2");
            assertThat(LiveNames.reverse(InetAddress.getByName("127.0.0.2"))).contains("svc");
        }
        assertThat(answer("svc")).isEqualTo("not ours");
        assertThat(onUntied("svc")).isEqualTo("not ours");
        assertThat(LiveNames.isEmpty()).isTrue();
    }
}
