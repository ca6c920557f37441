package dev.incidentbot.slack;

import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.InboundHandler;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.SignedSlackClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A fake Slack Web API, a started {@link SlackPlatform} pointed at it, and a Jetty serving the platform's servlet at
 * {@code /slack/events} as the bot does, with a recording engine behind it.
 */
final class SlackTestBed implements AutoCloseable {

    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    final FakeSlackWebApi fake;
    final SlackPlatform platform;
    final Server jetty;
    final URI endpoint;
    final SignedSlackClient slack;
    final List<Inbound> received = new CopyOnWriteArrayList<>();
    volatile Function<Inbound, Ack> answer = inbound -> Ack.silent();

    SlackTestBed() {
        this(settings -> settings);
    }

    SlackTestBed(Function<SlackSettings, SlackSettings> customise) {
        fake = FakeSlackWebApi.start();
        platform = new SlackPlatform(customise.apply(SlackSettings.of(FakeSlackWebApi.TOKEN, SECRET)
                .withApiUrl(fake.apiUrl()).withWebApiTimeout(Duration.ofSeconds(20))));
        jetty = serve(platform);
        endpoint = jetty.getURI().resolve("/slack/events");
        slack = new SignedSlackClient(endpoint, SECRET);
    }

    /** Starts the platform with an engine that records every inbound and answers with {@link #answer}. */
    SlackTestBed started() {
        platform.start(engine());
        return this;
    }

    InboundHandler engine() {
        return (ChatPlatform from, Inbound inbound) -> {
            received.add(inbound);
            return answer.apply(inbound);
        };
    }

    static Server serve(SlackPlatform platform) {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(platform.servlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/slack/events");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return server;
    }

    @Override
    public void close() throws Exception {
        platform.stop();
        fake.close();
        jetty.stop();
    }
}
