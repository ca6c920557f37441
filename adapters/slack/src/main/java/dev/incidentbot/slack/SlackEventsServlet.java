package dev.incidentbot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.jakarta_servlet.SlackAppServletAdapter;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/events}: slash commands, interactivity and Events API. Reads the raw body once, verifies Slack's
 * signature over those bytes, and only then hands the request to the Bolt app through Bolt's own servlet adapter,
 * whose body reader is pointed at the verified bytes (decoded as UTF-8, whatever the JVM's default charset).
 */
final class SlackEventsServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(SlackEventsServlet.class);
    /** Slack's payloads are a few KB; anything near this is not Slack. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final String VERIFIED_BODY = SlackEventsServlet.class.getName() + ".body";

    /** The started Bolt app and the adapter that speaks servlet to it. */
    record BoltEndpoint(App app, SlackAppServletAdapter adapter) {
        static BoltEndpoint of(App app) {
            return new BoltEndpoint(app, new SlackAppServletAdapter(app.config()) {
                @Override
                protected String doReadRequestBodyAsString(HttpServletRequest req) {
                    return (String) req.getAttribute(VERIFIED_BODY);
                }
            });
        }
    }

    private final transient SlackRequestVerifier verifier;
    private final transient Supplier<Optional<BoltEndpoint>> endpoint;

    SlackEventsServlet(SlackRequestVerifier verifier, Supplier<Optional<BoltEndpoint>> endpoint) {
        this.verifier = verifier;
        this.endpoint = endpoint;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            plain(resp, 413, "request body too large");
            return;
        }
        SlackRequestVerifier.Verdict verdict = verifier.verify(header(req, "X-Slack-Request-Timestamp"),
                header(req, "X-Slack-Signature"), body);
        if (verdict != SlackRequestVerifier.Verdict.VALID) {
            LOG.warn("Refused a request to {} from {}: {}", req.getRequestURI(), req.getRemoteAddr(), verdict);
            plain(resp, 401, "invalid request signature");
            return;
        }
        Optional<BoltEndpoint> bolt = endpoint.get();
        if (bolt.isEmpty()) {
            plain(resp, 503, "slack platform not started");
            return;
        }
        req.setAttribute(VERIFIED_BODY, new String(body, StandardCharsets.UTF_8));
        Request<?> slackRequest = bolt.get().adapter().buildSlackRequest(req);
        if (slackRequest == null) {
            plain(resp, 400, "not a Slack request");
            return;
        }
        try {
            Response slackResponse = bolt.get().app().run(slackRequest);
            bolt.get().adapter().writeResponse(resp, slackResponse);
        } catch (Exception e) {
            LOG.error("Failed to handle a Slack request: {}", e.toString(), e);
            plain(resp, 500, "internal error");
        }
    }

    private static String header(HttpServletRequest req, String name) {
        String value = req.getHeader(name);
        return value == null ? "" : value;
    }

    private static void plain(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
    }
}
