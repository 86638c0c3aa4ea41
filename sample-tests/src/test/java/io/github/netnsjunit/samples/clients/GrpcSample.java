package io.github.netnsjunit.samples.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.GlobalEventExecutor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * gRPC-java over {@code grpc-netty-shaded}, without protoc: one unary method described by hand with a String
 * marshaller. gRPC's channels share the JVM-wide {@code grpc-default-executor} and Netty event loops (created on first
 * use, destroyed a second after the last channel closes, then created again); here they are first made for a decoy
 * channel to the JVM's loopback, and every test's channel to {@code api} shares them, from {@code host}.
 *
 * <p>The server side gets event loops and an executor of its own, made in {@code srv} when the server starts there,
 * so its threads are born in {@code srv} too (with gRPC's shared ones it would answer from threads of {@code host},
 * through a listening socket of {@code srv}); stopping the server ends them.
 */
@ApiServer
@Timeout(30)
class GrpcSample {
    static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    static final MethodDescriptor<String, String> GET_TOKEN = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("samples.Tokens", "Get"))
            .setRequestMarshaller(UTF8)
            .setResponseMarshaller(UTF8)
            .build();

    static TokenGrpcServer decoy;
    static ManagedChannel decoyChannel;
    TokenGrpcServer server;

    @BeforeAll
    static void grpcWasUsedBeforeAgainstADecoy() throws Exception {
        decoy = TokenGrpcServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TokenHttpServer.DECOY);
        decoyChannel = ManagedChannelBuilder.forAddress("127.0.0.1", decoy.port()).usePlaintext().build();
        assertThat(call(decoyChannel)).startsWith("DECOY ");
    }

    @AfterAll
    static void stopTheDecoy() throws Exception {
        decoyChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        decoy.close();
    }

    @BeforeEach
    @InNamespace("srv")
    void startThisTestsServer() throws Exception {
        server = TokenGrpcServer.start(new InetSocketAddress(decoy.port()), UUID.randomUUID().toString());
    }

    @AfterEach
    @InNamespace("srv")
    void stopThisTestsServer() throws Exception {
        server.close();
    }

    @RepeatedTest(3)
    void reachesThisTestsServer(@Ns("host") NetNs host, @Ns("srv") NetNs srv) throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress(Api.NAME, decoy.port()).usePlaintext().build();
        try {
            assertThat(call(channel)).isEqualTo(server.token + " " + Where.of(srv));
            assertThat(Where.thread()).isEqualTo(Where.of(host));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A unary call completed on the channel's executor ({@code grpc-default-executor}). */
    private static String call(ManagedChannel channel) throws Exception {
        return ClientCalls.futureUnaryCall(channel.newCall(GET_TOKEN, CallOptions.DEFAULT
                .withDeadlineAfter(10, TimeUnit.SECONDS)), "token?").get(15, TimeUnit.SECONDS);
    }

    /** A gRPC server answering {@code "<token> <namespace of the answering thread>"}, with threads of its own. */
    static final class TokenGrpcServer implements AutoCloseable {
        final String token;
        private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final ExecutorService executor = Executors.newSingleThreadExecutor();
        private final Server server;

        private TokenGrpcServer(InetSocketAddress address, String token) throws IOException {
            this.token = token;
            ServerServiceDefinition service = ServerServiceDefinition.builder("samples.Tokens")
                    .addMethod(GET_TOKEN, ServerCalls.asyncUnaryCall((request, response) -> {
                        response.onNext(token + " " + Where.thread());
                        response.onCompleted();
                    }))
                    .build();
            server = NettyServerBuilder.forAddress(address)
                    .bossEventLoopGroup(boss).workerEventLoopGroup(workers)
                    .channelType(NioServerSocketChannel.class)
                    .executor(executor)
                    .addService(service)
                    .build()
                    .start();
        }

        static TokenGrpcServer start(InetSocketAddress address, String token) throws IOException {
            return new TokenGrpcServer(address, token);
        }

        int port() {
            return server.getPort();
        }

        @Override
        public void close() throws Exception {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
            // Netty hands the groups' termination to its GlobalEventExecutor, whose thread is started on demand by
            // the thread that needs it (here one of srv) and ends after a second without work: wait for that
            GlobalEventExecutor.INSTANCE.awaitInactivity(5, TimeUnit.SECONDS);
        }
    }
}
