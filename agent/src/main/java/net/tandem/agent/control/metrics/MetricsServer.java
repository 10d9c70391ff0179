package net.tandem.agent.control.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.tandem.agent.config.ControlConfig;
import net.tandem.agent.control.ControlTarget;

/**
 * The Prometheus endpoint ({@code http://ADDR:PORT/metrics}, also {@code /-/healthy}), off unless
 * {@code tandem_control { metrics_listen ADDR:PORT }} is set. Its own registry, so nothing else in the JVM leaks in.
 *
 * <p>Served by Netty, not the JDK's HTTP server (which the Prometheus exporter uses): there a client that sends half
 * a request header holds one of a few worker threads until it gives up, and a handful of them stalled every scrape.
 * Here reading a request costs no thread; a connection that has not completed a request within
 * {@link #REQUEST_TIMEOUT_SECONDS} of connecting or of its previous answer is closed; headers are bounded; at most
 * {@link #MAX_CONNECTIONS} connections are open; and the scrape itself (which asks the agent's event loop) runs on a
 * virtual thread, never on Netty's.
 *
 * <p>With {@code metrics_tls} the connection starts with a TLS handshake (the control API's certificate; a client
 * that speaks plain HTTP is dropped at its first bytes, with no answer); with {@code metrics_token_file} every request,
 * {@code /-/healthy} included, needs {@code Authorization: Bearer TOKEN} or gets 401.
 */
public final class MetricsServer implements AutoCloseable {

    static final int REQUEST_TIMEOUT_SECONDS = 1;
    static final int MAX_CONNECTIONS = 64;
    /**
     * With TLS the request deadline starts once the handshake is done: a first handshake on a loaded node (key
     * exchange, a cold JIT) can take longer than {@link #REQUEST_TIMEOUT_SECONDS}, and a scrape must not fail for it.
     */
    static final int TLS_HANDSHAKE_TIMEOUT_SECONDS = 5;

    private final EventLoopGroup loop;
    private final Channel listener;
    private final ExecutorService scrapes;
    private final InetSocketAddress address;
    private final boolean tls;

    private MetricsServer(EventLoopGroup loop, Channel listener, ExecutorService scrapes, boolean tls) {
        this.loop = loop;
        this.listener = listener;
        this.scrapes = scrapes;
        this.tls = tls;
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        this.address = bound;
    }

    /** Plain HTTP, no token: listens on {@code listen} (port 0: any free port, see {@link #address()}). */
    public static MetricsServer start(InetSocketAddress listen, ControlTarget target) throws IOException {
        return start(listen, target, Optional.empty(), MetricsToken.none());
    }

    /**
     * Listens on {@code listen}, over TLS if {@code tls} is given, answering only requests {@code token} admits.
     */
    public static MetricsServer start(
            InetSocketAddress listen, ControlTarget target, Optional<SslContext> tls, MetricsToken token)
            throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new VrrpCollector(target));
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        ExecutorService scrapes = Executors.newVirtualThreadPerTaskExecutor();
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("tandem-metrics", true), NioIoHandler.newFactory());
        AtomicInteger open = new AtomicInteger();
        ServerBootstrap b = new ServerBootstrap()
                .group(loop)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > MAX_CONNECTIONS) {
                            open.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        tls.ifPresent(t -> {
                            SslHandler ssl = t.newHandler(ch.alloc());
                            ssl.setHandshakeTimeout(TLS_HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                            ch.pipeline().addLast(ssl);
                        });
                        ch.pipeline()
                                .addLast(new HttpServerCodec(1024, 8 * 1024, 8 * 1024))
                                .addLast(new HttpObjectAggregator(8 * 1024))
                                .addLast(new Handler(registry, writer, scrapes, token));
                    }
                });
        try {
            Channel ch = b.bind(listen).sync().channel();
            return new MetricsServer(loop, ch, scrapes, tls.isPresent());
        } catch (Exception e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            scrapes.shutdown();
            throw new IOException(
                    "metrics_listen " + ControlConfig.show(listen) + ": cannot listen: " + e.getMessage(), e);
        }
    }

    /**
     * One connection, one request at a time. A whole request must arrive within the deadline of the connection's
     * opening (with TLS: of the handshake's end; the handshake has its own limit) or of the previous answer, however it trickles in (a timeout on reads alone would let a client that
     * sends a byte a second hold the connection for ever); the deadline is paused while a scrape runs.
     */
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final PrometheusRegistry registry;
        private final PrometheusTextFormatWriter writer;
        private final ExecutorService scrapes;
        private final MetricsToken token;
        private ScheduledFuture<?> deadline; // on the channel's event loop only

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            if (ssl == null) {
                armDeadline(ctx);
            } else {
                ssl.handshakeFuture()
                        .addListener(
                                f -> { // on the channel's event loop
                                    if (f.isSuccess()) {
                                        armDeadline(ctx);
                                    }
                                });
            }
            super.channelActive(ctx);
        }

        private void armDeadline(ChannelHandlerContext ctx) {
            deadline = ctx.executor().schedule(() -> ctx.close(), REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        private void cancelDeadline() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        Handler(
                PrometheusRegistry registry,
                PrometheusTextFormatWriter writer,
                ExecutorService scrapes,
                MetricsToken token) {
            this.registry = registry;
            this.writer = writer;
            this.scrapes = scrapes;
            this.token = token;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            cancelDeadline();
            if (!request.decoderResult().isSuccess()) {
                answer(ctx, false, text(HttpResponseStatus.BAD_REQUEST, "bad request\n"));
                return;
            }
            String path = request.uri().replaceFirst("\\?.*", "");
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                answer(ctx, keepAlive, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only\n"));
                return;
            }
            if (!token.admits(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                FullHttpResponse r = text(
                        HttpResponseStatus.UNAUTHORIZED,
                        "a token is needed: send \"Authorization: Bearer TOKEN\" (metrics_token_file)\n");
                r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
                answer(ctx, keepAlive, r);
                return;
            }
            switch (path) {
                case "/-/healthy" -> answer(ctx, keepAlive, text(HttpResponseStatus.OK, "Exporter is healthy.\n"));
                case "/metrics", "/" -> {
                    ctx.channel().config().setAutoRead(false);
                    scrapes.execute(() -> scrape(ctx, keepAlive));
                }
                default -> answer(ctx, keepAlive, text(HttpResponseStatus.NOT_FOUND, "try /metrics\n"));
            }
        }

        private void scrape(ChannelHandlerContext ctx, boolean keepAlive) {
            FullHttpResponse response;
            try {
                ByteBufOutputStream body = new ByteBufOutputStream(Unpooled.buffer(16 * 1024));
                writer.write(body, registry.scrape());
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body.buffer());
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, writer.getContentType());
            } catch (IOException | RuntimeException e) {
                response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "scrape failed: " + e + "\n");
            }
            FullHttpResponse r = response;
            ctx.executor().execute(() -> {
                ctx.channel().config().setAutoRead(true);
                answer(ctx, keepAlive, r);
            });
        }

        private static FullHttpResponse text(HttpResponseStatus status, String body) {
            FullHttpResponse r = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            return r;
        }

        /** On the channel's event loop. */
        private void answer(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse r) {
            HttpUtil.setContentLength(r, r.content().readableBytes());
            HttpUtil.setKeepAlive(r, keepAlive);
            var f = ctx.writeAndFlush(r);
            if (keepAlive) {
                armDeadline(ctx); // for the next request
            } else {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancelDeadline();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset, an oversized header: nothing to tell the client
        }
    }

    /** {@code http://ADDR:PORT/metrics} or {@code https://...}: for the start-up log line. */
    public String url() {
        return (tls ? "https://" : "http://") + ControlConfig.show(address) + "/metrics";
    }

    /** Where it really listens (the ephemeral port resolved). */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        scrapes.shutdown();
    }
}
