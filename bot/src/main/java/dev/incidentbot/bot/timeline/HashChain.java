package dev.incidentbot.bot.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Tamper evidence: each event's hash is SHA-256 over the previous hash and the event's canonical form (a JSON array of
 * incident, seq, type, actor id, actor name, epoch millis, payload as stored). Editing any stored event breaks every
 * hash after it.
 */
public final class HashChain {
    public static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HashChain() {
    }

    public static String hash(String prevHash, long incident, int seq, String type, String actorId, String actorName,
                              long atMillis, String payload) {
        try {
            String canonical = JSON.writeValueAsString(List.of(incident, seq, type, actorId, actorName, atMillis, payload));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prevHash.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hash(TimelineEntry e) {
        return hash(e.prevHash(), e.incident(), e.seq(), e.type(), e.actor().id(), e.actor().displayName(),
                e.at().toEpochMilli(), e.payload());
    }
}
