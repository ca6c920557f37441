package dev.incidentbot.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The limit for figure 1: a servlet that reads the same form body and answers a small JSON ack, doing nothing else. */
public final class BareFormServlet extends HttpServlet {
    private static final byte[] ACK = "{\"response_type\":\"ephemeral\",\"text\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try (InputStream in = req.getInputStream()) {
            in.readAllBytes();
        }
        resp.setStatus(200);
        resp.setContentType("application/json; charset=utf-8");
        resp.setContentLength(ACK.length);
        resp.getOutputStream().write(ACK);
    }
}
