package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.lettuce.core.RedisClient;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpResources;

/**
 * Library threads are recognised on threads the real libraries made (OkHttp 5, Okio, Reactor, reactor-netty, Netty,
 * gRPC, Lettuce, virtual-thread carriers), each with what it is and a fix; a thread that only borrows such a name
 * is not. The clients talk to servers on 127.0.0.1 of this JVM.
 */
class LibraryThreadsTest {

    @Test
    void okHttpAndOkio() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            OkHttpClient client = new OkHttpClient();
            try (Response r = client.newCall(new Request.Builder()
                    .url("http://127.0.0.1:" + server.getAddress().getPort() + "/").build()).execute()) {
                assertThat(r.body().string()).isEqualTo("ok");
            }
            assertThat(recognised(n -> n.startsWith("OkHttp"))).isNotEmpty().allSatisfy(k -> assertThat(k.library())
                    .isEqualTo("OkHttp"));
            assertThat(recognised(n -> n.equals("Okio Watchdog"))).isNotEmpty()
                    .allSatisfy(k -> assertThat(k.library()).isEqualTo("Okio"));
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void reactorSchedulersAndReactorNettyLoops() throws Exception {
        CountDownLatch ran = new CountDownLatch(2);
        Schedulers.parallel().schedule(ran::countDown);
        Schedulers.boundedElastic().schedule(ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recognised(n -> n.matches("(parallel|boundedElastic)-\\d+"))).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(k -> assertThat(k.library()).isEqualTo("Reactor"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.start();
        try {
            Integer status = reactor.netty.http.client.HttpClient.create()
                    .get().uri("http://127.0.0.1:" + server.getAddress().getPort() + "/")
                    .response().map(r -> r.status().code()).block(java.time.Duration.ofSeconds(10));
            assertThat(status).isEqualTo(204);
            List<LibraryThreads.Known> loops = recognised(n -> n.startsWith("reactor-http-"));
            assertThat(loops).isNotEmpty().allSatisfy(k -> assertThat(k.library()).isEqualTo("reactor-netty"));
            assertThat(loops.get(0).fix()).startsWith(LibraryThreads.RECOMMENDED_STYLE);
        } finally {
            server.stop(0);
            HttpResources.disposeLoopsAndConnectionsLater().block(java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void nettyGlobalExecutorAndEventLoops() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        GlobalEventExecutor.INSTANCE.execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        List<LibraryThreads.Known> global = recognised(n -> n.startsWith("globalEventExecutor-"));
        assertThat(global).isNotEmpty();
        assertThat(global.get(0).endsAlone()).isPositive();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            group.submit(() -> { }).sync();
            assertThat(recognised(n -> n.startsWith("multiThreadIoEventLoopGroup-")))
                    .isNotEmpty().allSatisfy(k -> assertThat(k.fix()).contains("shutdownGracefully"));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        GlobalEventExecutor.INSTANCE.awaitInactivity(5, TimeUnit.SECONDS);
    }

    @Test
    void grpcSharedResources() throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        try {
            channel.getState(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (channel.getState(false) != io.grpc.ConnectivityState.READY && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<LibraryThreads.Known> grpc = recognised(n -> n.startsWith("grpc-"));
            assertThat(grpc).isNotEmpty().allSatisfy(k -> assertThat(k.library()).isEqualTo("gRPC"));
            assertThat(grpc.get(0).endsAlone()).isPositive();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void lettuceClientResources() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        RedisClient client = RedisClient.create();
        try {
            try {
                client.connect(io.lettuce.core.RedisURI.create("redis://127.0.0.1:" + closedPort)).close();
            } catch (RuntimeException refused) {
                // the connect attempt is what starts the event loops
            }
            List<LibraryThreads.Known> lettuce = recognised(n -> n.startsWith("lettuce-"));
            assertThat(lettuce).isNotEmpty().allSatisfy(k -> assertThat(k.fix()).contains("client.shutdown()"));
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Test
    void virtualThreadCarriers() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21; this is "
                + Runtime.version().feature());
        Thread vt = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null,
                (Runnable) () -> { });
        vt.join();
        assertThat(recognised(n -> n.matches("ForkJoinPool-\\d+-worker-\\d+"))).isNotEmpty()
                .allSatisfy(k -> assertThat(k.library()).isEqualTo("virtual threads"));
    }

    @Test
    void aThreadThatOnlyBorrowsALibraryNameIsNotExcused() throws Exception {
        String[] names = {"OkHttp TaskRunner", "Okio Watchdog", "reactor-http-epoll-3", "globalEventExecutor-1-1",
            "grpc-nio-worker-ELG-1-1", "lettuce-nioEventLoop-1-1", "ForkJoinPool-7-worker-1", "parallel-9"};
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (String name : names) {
            Thread t = new Thread(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
            for (Thread t : threads) {
                assertThat(LibraryThreads.recognise(t, t.getName(), stacks.get(t))).as(t.getName()).isEmpty();
            }
        } finally {
            release.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    void theFailureSentenceNamesTheThreadTheLibraryAndTheFix() {
        LibraryThreads.Known okhttp = LibraryThreads.KNOWN.stream().filter(k -> k.name().matcher("OkHttp TaskRunner")
                .matches()).findFirst().orElseThrow();
        String text = LibraryThreads.explain(new LeftoverThreads.Leftover(42, "OkHttp TaskRunner", "ns1", null,
                new StackTraceElement[0]), okhttp);
        assertThat(text).startsWith("thread 'OkHttp TaskRunner' (tid 42) in netns ns1 is OkHttp's: a thread of"
                + " OkHttp's shared task runner").contains("It keeps the namespace alive")
                .endsWith(LibraryThreads.RECOMMENDED_STYLE).doesNotContain("shut down executors");
    }

    /** What the live threads whose names match are recognised as. */
    private static List<LibraryThreads.Known> recognised(Predicate<String> names) {
        List<LibraryThreads.Known> out = new ArrayList<>();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (names.test(t.getName())) {
                Optional<LibraryThreads.Known> k = LibraryThreads.recognise(t, t.getName(), stack);
                assertThat(k).as("thread '%s' recognised", t.getName()).isPresent();
                out.add(k.get());
            }
        });
        return out;
    }
}
