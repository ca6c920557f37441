package dev.incidentbot.bot.http;

import dev.incidentbot.integration.HttpMount;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An integration's {@link HttpMount} as a servlet on the bot's Jetty; bodies over 1 MiB are refused. */
public final class MountedHandler extends HttpServlet {
    private static final int MAX_BODY = 1 << 20;
    private final transient HttpMount.Handler handler;

    public MountedHandler(HttpMount.Handler handler) {
        this.handler = handler;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            write(resp, HttpMount.Response.text(413, "request body over 1 MiB\n"));
            return;
        }
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(req.getHeaders(name))));
        }
        HttpMount.Response answer;
        try {
            answer = handler.handle(new HttpMount.Request(req.getMethod(), req.getRequestURI(), headers, body));
        } catch (RuntimeException e) {
            answer = HttpMount.Response.text(500, "internal error\n");
        }
        write(resp, answer);
    }

    private static void write(HttpServletResponse resp, HttpMount.Response answer) throws IOException {
        resp.setStatus(answer.status());
        resp.setContentType(answer.contentType());
        resp.getOutputStream().write(answer.body().getBytes(StandardCharsets.UTF_8));
    }
}
