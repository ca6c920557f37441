package dev.incidentbot.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The limit for figure 6: a JVM that starts the same Jetty with a {@code /readyz} answering 200 and does nothing else.
 * {@code BareReadyServer PORT}; runs until killed.
 */
public final class BareReadyServer {
    private BareReadyServer() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("0.0.0.0");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setStatus(200);
                resp.setContentType("text/plain");
                resp.getOutputStream().write("ready\n".getBytes(StandardCharsets.UTF_8));
            }
        }), "/readyz");
        server.setHandler(context);
        server.start();
        server.join();
    }
}
