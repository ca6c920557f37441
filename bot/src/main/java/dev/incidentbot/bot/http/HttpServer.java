package dev.incidentbot.bot.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty on {@code http.port}: health, readiness, metrics, and whatever platforms mount (Slack's /slack/events). */
public final class HttpServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    /** {@code readiness} answers, per part, whether it is ready and what to know about it. */
    public HttpServer(String host, int port, Supplier<Map<String, Readiness>> readiness, Supplier<String> metrics,
                      Map<String, HttpServlet> mounts) {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(text(() -> new Answer(200, "ok\n", "text/plain"))), "/healthz");
        context.addServlet(new ServletHolder(text(() -> ready(readiness.get()))), "/readyz");
        context.addServlet(new ServletHolder(text(() -> new Answer(200, metrics.get(),
                "text/plain; version=0.0.4; charset=utf-8"))), "/metrics");
        mounts.forEach((path, servlet) -> {
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(true); // platforms read bodies without holding a thread
            context.addServlet(holder, path);
        });
        context.setErrorHandler(new PlainTextErrors());
        server.setErrorHandler(new PlainTextErrors.ServerLevel());
        server.setHandler(context);
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on port " + connector.getPort() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    private static Answer ready(Map<String, Readiness> parts) {
        StringBuilder body = new StringBuilder();
        boolean all = true;
        for (Map.Entry<String, Readiness> p : parts.entrySet()) {
            body.append(p.getKey()).append(": ").append(p.getValue().line()).append('\n');
            all &= p.getValue().ready();
        }
        return new Answer(all ? 200 : 503, body.toString(), "text/plain");
    }

    private record Answer(int status, String body, String type) { }

    private static HttpServlet text(Supplier<Answer> answer) {
        return new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Answer a = answer.get();
                resp.setStatus(a.status());
                resp.setContentType(a.type());
                resp.getOutputStream().write(a.body().getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
