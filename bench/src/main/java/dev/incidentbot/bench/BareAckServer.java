package dev.incidentbot.bench;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A limit for acknowledgements served by another process: the bot's Jetty version with only {@link BareFormServlet}
 * at {@code /bare}, in the bench's JVM, on a free port.
 */
final class BareAckServer implements AutoCloseable {
    static final String PATH = "/bare";
    private final Server server;
    private final int port;

    private BareAckServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static BareAckServer start() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new BareFormServlet()), PATH);
        server.setHandler(context);
        server.start();
        return new BareAckServer(server, connector.getLocalPort());
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
