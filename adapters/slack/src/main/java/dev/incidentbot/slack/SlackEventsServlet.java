package dev.incidentbot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.jakarta_servlet.SlackAppServletAdapter;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/events}: slash commands, interactivity and Events API. Reads the raw body without holding a
 * thread (servlet non-blocking I/O) under a size cap and a deadline, verifies Slack's signature over those bytes,
 * checks their shape, and only then hands the request to the Bolt app through Bolt's own servlet adapter, whose body
 * reader is pointed at the verified text. A slow or lying sender therefore costs a connection, never a thread.
 */
final class SlackEventsServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(SlackEventsServlet.class);
    /**
     * The largest thing Slack posts is a message event: text up to 40,000 characters, repeated in its rich_text
     * blocks, at most 4 bytes each in UTF-8 plus JSON escapes, so about 350 KB. 512 KiB leaves room and keeps 300
     * open requests under 160 MB of buffers.
     */
    static final int MAX_BODY_BYTES = 512 * 1024;
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
    private final transient Duration readDeadline;
    private final transient ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slack-body-deadline");
        t.setDaemon(true);
        return t;
    });

    SlackEventsServlet(SlackRequestVerifier verifier, Supplier<Optional<BoltEndpoint>> endpoint,
                       Duration readDeadline) {
        this.verifier = verifier;
        this.endpoint = endpoint;
        this.readDeadline = readDeadline;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY_BYTES) {
            plain(resp, 413, "request body larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(0); // the deadline below answers; the container's timeout would answer with a 500
        BodyRead read = new BodyRead(async, req, resp, req.getInputStream());
        read.deadline = deadlines.schedule(() -> read.finish(408, "request body not received within "
                + readDeadline.toMillis() + " ms"), readDeadline.toMillis(), TimeUnit.MILLISECONDS);
        req.getInputStream().setReadListener(read);
    }

    @Override
    public void destroy() {
        deadlines.shutdownNow();
    }

    /** One request's body arriving in pieces; exactly one of the paths (done, too large, late, broken) answers. */
    private final class BodyRead implements ReadListener {
        private final AsyncContext async;
        private final HttpServletRequest req;
        private final HttpServletResponse resp;
        private final ServletInputStream in;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[8192];
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        BodyRead(AsyncContext async, HttpServletRequest req, HttpServletResponse resp, ServletInputStream in) {
            this.async = async;
            this.req = req;
            this.resp = resp;
            this.in = in;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return;
                }
                body.write(chunk, 0, n);
                if (body.size() > MAX_BODY_BYTES) {
                    finish(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
                    return;
                }
            }
        }

        @Override
        public void onAllDataRead() {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            cancelDeadline();
            try {
                handle(req, resp, body.toByteArray());
            } catch (IOException | RuntimeException e) {
                LOG.error("Failed to answer a Slack request: {}", e.toString(), e);
            } finally {
                async.complete();
            }
        }

        @Override
        public void onError(Throwable t) {
            finish(400, "request body could not be read");
        }

        void finish(int status, String reason) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            cancelDeadline();
            LOG.warn("Refused a request to {} from {}: {}", req.getRequestURI(), req.getRemoteAddr(), reason);
            try {
                resp.setHeader("Connection", "close");
                plain(resp, status, reason);
            } catch (IOException | RuntimeException e) {
                LOG.debug("Could not answer a refused request: {}", e.toString());
            } finally {
                async.complete();
            }
        }

        private void cancelDeadline() {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
        }
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp, byte[] body) throws IOException {
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
        SlackRequestBody.Result shape = SlackRequestBody.check(body, header(req, "Content-Type"));
        if (shape instanceof SlackRequestBody.Result.Refused refused) {
            LOG.warn("Refused a signed request from {}: {}", req.getRemoteAddr(), refused.reason());
            plain(resp, refused.status(), refused.reason());
            return;
        }
        String text = ((SlackRequestBody.Result.Accepted) shape).text();
        req.setAttribute(VERIFIED_BODY, text);
        Request<?> slackRequest;
        try {
            slackRequest = bolt.get().adapter().buildSlackRequest(req);
        } catch (RuntimeException e) {
            // only the request's content can make Bolt's parser throw here: the caller's mistake, not ours
            LOG.warn("Bolt could not parse a signed request: {}", e.toString());
            slackRequest = null;
        }
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
        resp.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
