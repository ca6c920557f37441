package dev.incidentbot.matrix;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and building Matrix identifiers and matrix.to links. */
final class MatrixIds {
    private static final Pattern USER_ID = Pattern.compile("@[a-zA-Z0-9._=\\-/+]+:[a-zA-Z0-9.\\-]+(:[0-9]{1,5})?");
    private static final Pattern MATRIX_TO_USER = Pattern.compile("https://matrix\\.to/#/((?:@|%40)[^?\"'<>\\s/]+)");

    private MatrixIds() {
    }

    /** {@code @alice:example.org} as typed, as a matrix.to link, or in angle brackets; empty if not a user id. */
    static Optional<String> userId(String mention) {
        String text = mention.trim();
        if (text.startsWith("<") && text.endsWith(">")) {
            text = text.substring(1, text.length() - 1);
        }
        Matcher link = MATRIX_TO_USER.matcher(text);
        if (link.matches()) {
            text = java.net.URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);
        }
        return USER_ID.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    }

    static String localpart(String userId) {
        int colon = userId.indexOf(':');
        return userId.substring(1, colon > 0 ? colon : userId.length());
    }

    /** The server part of a user id, alias or (pre-v12) room id; empty for v12 room ids, which have none. */
    static String server(String id) {
        int colon = id.indexOf(':');
        return colon > 0 ? id.substring(colon + 1) : "";
    }

    static String userLink(String userId) {
        return "https://matrix.to/#/" + linkEncode(userId);
    }

    /** A matrix.to link to a room (id or alias), routed via {@code fallbackServer} when the id names none. */
    static String roomLink(String roomIdOrAlias, String fallbackServer) {
        return "https://matrix.to/#/" + linkEncode(roomIdOrAlias) + via(roomIdOrAlias, fallbackServer);
    }

    static String eventLink(String roomId, String eventId, String fallbackServer) {
        return "https://matrix.to/#/" + linkEncode(roomId) + "/" + linkEncode(eventId) + via(roomId, fallbackServer);
    }

    private static String via(String roomId, String fallbackServer) {
        if (roomId.startsWith("#")) {
            return "";
        }
        String server = server(roomId).isEmpty() ? fallbackServer : server(roomId);
        return server.isEmpty() ? "" : "?via=" + linkEncode(server);
    }

    /** Percent-encodes all but the characters matrix.to links carry verbatim. */
    static String linkEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$:@".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** A transaction id that is the same for the same inputs and safe in a URL path. */
    static String transactionId(String kind, String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return kind + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
