package dev.incidentbot.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.slack.SlackTransport;
import dev.incidentbot.slack.testing.SlackRequestSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attacker or a broken proxy sends to {@code /slack/events} on the bot's own Jetty, over real sockets: slow
 * senders, lying Content-Lengths, oversized, non-UTF-8, non-JSON and binary bodies, wrong methods and paths. Each gets
 * a short 4xx in plain text (never a 500, never HTML) and changes nothing; a signed command still gets through.
 */
class SlackHostileRequestsTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    Path dir;
    private SlackBot bot;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        bot = new SlackBot(dir);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        bot.close();
    }

    @Test
    void aSignedCommandIsAnsweredWhile300SlowSendersHoldTheirConnections() throws Exception {
        // A read deadline far beyond the test, so "while they are open" holds however slow this machine is; that the
        // deadline cuts a slow sender off is shown by the Content-Length test below, with the default 2 s.
        bot.close();
        bot = new SlackBot(dir.resolve("patient"), settings -> settings.withTransport(
                new SlackTransport.Http(SlackBot.SECRET, Duration.ofMinutes(5))));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Socket s = open();
            // Announce 100 kB, send 10 bytes, then nothing: each would hold a blocking reader's thread, and Jetty
            // has at most 200 of those.
            s.getOutputStream().write(head("POST", "/slack/events", FORM, 100_000, Map.of()));
            s.getOutputStream().write("command=/i".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            slow.add(s);
        }

        HttpResponse<String> ack = bot.inGeneral("sev2 payments are slow");

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(SlackBot.json(ack).path("text").asText()).startsWith("Declaring INC-1 ");
        // All 300 are still open and unanswered: the command did not wait for any of them to go away.
        for (Socket s : slow) {
            assertThat(s.isClosed()).isFalse();
            assertThat(s.getInputStream().available()).isZero();
        }
        assertThat(bot.incidentCount()).isEqualTo(1);
    }

    @Test
    void aContentLengthLargerThanTheBodyIsA408AfterTheReadDeadlineNotA500AfterTheIdleTimeout() throws Exception {
        byte[] body = "command=%2Fincident&text=sev1+x".getBytes(StandardCharsets.US_ASCII);
        Socket s = open();
        s.getOutputStream().write(signedHead(body, FORM, body.length + 50));
        s.getOutputStream().write(body);
        s.getOutputStream().flush();
        s.setSoTimeout(10_000); // Jetty's idle timeout is 30 s: answering within 10 s shows the read deadline cut it

        assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 408")
                .containsIgnoringCase("content-type: text/plain").contains("request body not received");
        assertNothingChanged();
    }

    @Test
    void aDeclaredBodyOverTheCapIs413BeforeAnyOfItIsRead() throws Exception {
        Socket s = open();
        s.getOutputStream().write(head("POST", "/slack/events", FORM, 10_000_000, Map.of()));
        s.getOutputStream().flush();
        s.setSoTimeout(10_000);

        assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 413")
                .containsIgnoringCase("content-type: text/plain").contains("larger than 524288 bytes");
        assertNothingChanged();
    }

    @Test
    void aChunkedBodyThatGrowsPastTheCapIs413() throws Exception {
        Socket s = open();
        OutputStream out = s.getOutputStream();
        out.write(("POST /slack/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + FORM
                + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        s.setSoTimeout(10_000);
        try {
            for (int i = 0; i < 12; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException closedByTheServer) {
            // the server may answer and close before the last chunks are written
        }
        assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 413");
        assertNothingChanged();
    }

    @Test
    void aSignedBodyThatIsNotUtf8IsRefusedInsteadOfDeclaringAMangledTitle() {
        byte[] body = concat("command=%2Fincident&text=sev1+Caf".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xe9, (byte) 0xff, (byte) 0xfe},
                ("&user_id=" + SlackBot.ALICE + "&user_name=alice&channel_id=" + bot.general
                        + "&channel_name=general&team_id=T0001").getBytes(StandardCharsets.US_ASCII));

        HttpResponse<String> answer = bot.slack.sendSigned(body, FORM, Map.of());

        assertPlain4xx(answer, 400, "not UTF-8");
        assertNothingChanged();
    }

    @Test
    void percentEscapesThatDecodeToBytesThatAreNotUtf8AreRefused() {
        byte[] body = ("command=%2Fincident&text=sev1+Caf%E9%FF%FE&user_id=" + SlackBot.ALICE
                + "&user_name=alice&channel_id=" + bot.general + "&channel_name=general&team_id=T0001")
                .getBytes(StandardCharsets.US_ASCII);

        assertPlain4xx(bot.slack.sendSigned(body, FORM, Map.of()), 400, "percent-encoded UTF-8");
        assertNothingChanged();
    }

    @Test
    void aSignedPayloadThatIsNotJsonIs400() {
        assertPlain4xx(bot.slack.sendSigned("payload=%7Bnot-json".getBytes(StandardCharsets.US_ASCII), FORM,
                Map.of()), 400, "payload is not JSON");
        assertPlain4xx(bot.slack.sendSigned("payload=%5B1%5D".getBytes(StandardCharsets.US_ASCII), FORM,
                Map.of()), 400, "payload is not a JSON object");
        assertPlain4xx(bot.slack.sendSigned("{\"event\":{}}".getBytes(StandardCharsets.US_ASCII),
                "application/json", Map.of()), 400, "body has no \"type\"");
        assertNothingChanged();
    }

    @Test
    void aSignedBinaryBodyIs4xx() {
        byte[] binary = new byte[4096];
        new Random(18).nextBytes(binary);

        assertPlain4xx(bot.slack.sendSigned(binary, FORM, Map.of()), 400, "not UTF-8");
        assertPlain4xx(bot.slack.sendSigned(binary, "application/octet-stream", Map.of()), 400, "not UTF-8");
        assertPlain4xx(bot.slack.sendSigned("plain words".getBytes(StandardCharsets.US_ASCII),
                "application/octet-stream", Map.of()), 415, "Content-Type must be");
        assertNothingChanged();
    }

    @Test
    void wrongMethodsPathsAndUnparseableRequestsGetPlainTextNotHtml() throws Exception {
        for (String request : List.of(
                "GET /slack/events HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
                "GET /nowhere HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
                "BLAH\u0001 / HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n")) {
            Socket s = open();
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            s.setSoTimeout(10_000);
            String answer = readAll(s.getInputStream());
            assertThat(answer).as(request).matches("(?s)HTTP/1.1 4\\d\\d .*")
                    .doesNotContainIgnoringCase("<html").doesNotContainIgnoringCase("text/html");
        }
        assertNothingChanged();
    }

    private void assertPlain4xx(HttpResponse<String> answer, int status, String says) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain"));
        assertThat(answer.body()).contains(says).doesNotContainIgnoringCase("<html");
    }

    private void assertNothingChanged() {
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> bot.incidentCount() == 0 && bot.methodsAfterStart().isEmpty());
    }

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", bot.app.httpPort());
        sockets.add(s);
        return s;
    }

    private static byte[] head(String method, String path, String type, long length, Map<String, String> headers) {
        StringBuilder h = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + type + "\r\nContent-Length: " + length + "\r\n");
        headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        return h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] signedHead(byte[] body, String type, long length) {
        long ts = java.time.Instant.now().getEpochSecond();
        return head("POST", dev.incidentbot.slack.SlackPlatformProvider.EVENTS_PATH, type, length, Map.of("X-Slack-Request-Timestamp",
                Long.toString(ts), "X-Slack-Signature", new SlackRequestSigner(SlackBot.SECRET).signature(ts, body)));
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                if (complete(out.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (java.net.SocketException reset) {
            // the server closed after answering; what arrived is the answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** A whole response with a Content-Length has arrived (the server may keep the connection open). */
    private static boolean complete(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                .matcher(response.substring(0, end));
        return m.find() && response.length() - end - 4 >= Integer.parseInt(m.group(1));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
