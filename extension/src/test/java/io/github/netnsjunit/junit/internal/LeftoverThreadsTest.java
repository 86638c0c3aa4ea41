package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Kernel thread ids are matched to Java threads by full name, also where the kernel's 15-byte {@code comm} is the
 * same for several threads; the JDK's idle helpers are recognised by name and stack together.
 */
class LeftoverThreadsTest {
    @Test
    void threadsWhoseNamesTheKernelCutsAlikeAreToldApartByTid() throws Exception {
        Map<Integer, String> tidByProc = new ConcurrentHashMap<>();
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                try {
                    // the oracle: the kernel's own id for this thread
                    String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
                    tidByProc.put(Integer.parseInt(self), Thread.currentThread().getName());
                    started.countDown();
                    release.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "HttpClient-9-Worker-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            started.await();
            Map<Integer, Thread> byTid = LeftoverThreads.javaThreadsByTid(Thread.getAllStackTraces());
            tidByProc.forEach((tid, name) -> assertThat(byTid.get(tid)).extracting(Thread::getName).isEqualTo(name));
        } finally {
            release.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    void aJdkHelperNeedsBothTheNameAndTheJdksFrame() {
        StackTraceElement jdk = new StackTraceElement("sun.net.www.http.KeepAliveCache", "run", null, -1);
        StackTraceElement user = new StackTraceElement("com.example.Mine", "run", null, -1);
        assertThat(JdkIdleThreads.explain("Keep-Alive-Timer", new StackTraceElement[] {jdk}))
                .hasValueSatisfying(w -> assertThat(w).startsWith("the timer of HttpURLConnection's keep-alive cache."));
        assertThat(JdkIdleThreads.explain("Keep-Alive-Timer", new StackTraceElement[] {user})).isEmpty();
        assertThat(JdkIdleThreads.explain("my-thread", new StackTraceElement[] {jdk})).isEmpty();
        StackTraceElement selector = new StackTraceElement("jdk.internal.net.http.HttpClientImpl$SelectorManager",
                "run", null, -1);
        assertThat(JdkIdleThreads.explain("HttpClient-12-SelectorManager", new StackTraceElement[] {selector}))
                .isPresent();
        assertThat(JdkIdleThreads.explain("HttpClient-x-SelectorManager", new StackTraceElement[] {selector}))
                .isEmpty();
    }
}
