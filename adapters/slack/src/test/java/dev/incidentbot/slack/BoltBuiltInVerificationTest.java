package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import com.slack.api.model.event.MessageEvent;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.SignedSlackClient;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * Why the adapter verifies signatures itself: under a C locale (this module's tests run with
 * {@code -Dfile.encoding=ANSI_X3.4-1968}) Bolt's stock servlet refuses a correctly signed event that contains
 * non-ASCII text, because it hashes the body with the platform charset. Ours accepts the same request.
 */
class BoltBuiltInVerificationTest {

    @Test
    void boltsOwnVerificationRefusesWhatOursAccepts() throws Exception {
        assumeFalse(Charset.defaultCharset().equals(StandardCharsets.UTF_8),
                "needs a JVM whose default charset is not UTF-8 (JDK 17 with file.encoding=ANSI_X3.4-1968)");
        ObjectNode ascii = SignedSlackClient.sample("event_callback.message.json");
        ObjectNode nonAscii = ascii.deepCopy();
        ((ObjectNode) nonAscii.get("event")).put("text", "Zahlung fehlgeschlagen – café ☕");

        try (FakeSlackWebApi fake = FakeSlackWebApi.start(); SlackTestBed ours = new SlackTestBed().started()) {
            Server stock = stockBolt(fake);
            try {
                SignedSlackClient toStock = new SignedSlackClient(stock.getURI().resolve("/slack/events"),
                        SlackTestBed.SECRET);
                assertThat(toStock.event(ascii, 0).statusCode()).isEqualTo(200);
                assertThat(toStock.event(nonAscii, 0).statusCode()).isEqualTo(401);

                assertThat(ours.slack.event(nonAscii, 0).statusCode()).isEqualTo(200);
            } finally {
                stock.stop();
            }
        }
    }

    /** Bolt as its guide sets it up: default middleware, built-in request verification on. */
    private static Server stockBolt(FakeSlackWebApi fake) throws Exception {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(fake.apiUrl().toString());
        App app = new App(AppConfig.builder().slack(Slack.getInstance(slackConfig))
                .singleTeamBotToken(FakeSlackWebApi.TOKEN).signingSecret(SlackTestBed.SECRET).build());
        app.event(MessageEvent.class, (payload, ctx) -> ctx.ack());
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new SlackAppServlet(app)), "/slack/events");
        server.setHandler(context);
        server.start();
        return server;
    }
}
