package dev.incidentbot.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The parts of a {@code /sync} answer the bot reads: new timeline events in joined rooms, and pending invites. */
public record SyncResponse(String nextBatch, List<JoinedRoom> joined, List<InvitedRoom> invited) {
    public SyncResponse {
        Objects.requireNonNull(nextBatch, "nextBatch");
        joined = List.copyOf(joined);
        invited = List.copyOf(invited);
    }

    /**
     * A joined room: {@code state} as it was before {@code timeline} (only the types the filter asked for), then the
     * new events; {@code limited} means the server left a gap before them, which {@code prevBatch} pages back into.
     */
    public record JoinedRoom(String roomId, List<RoomEvent> state, List<RoomEvent> timeline, boolean limited,
                             String prevBatch) {
        public JoinedRoom {
            Objects.requireNonNull(roomId, "roomId");
            Objects.requireNonNull(prevBatch, "prevBatch");
            state = List.copyOf(state);
            timeline = List.copyOf(timeline);
        }
    }

    /** A room the bot is invited to, with the stripped state the inviter shared (including the invite itself). */
    public record InvitedRoom(String roomId, List<RoomEvent> inviteState) {
        public InvitedRoom {
            Objects.requireNonNull(roomId, "roomId");
            inviteState = List.copyOf(inviteState);
        }
    }

    static SyncResponse fromJson(JsonNode json) {
        List<JoinedRoom> joined = new ArrayList<>();
        json.path("rooms").path("join").fields().forEachRemaining(entry -> {
            List<RoomEvent> state = new ArrayList<>();
            entry.getValue().path("state").path("events").forEach(e -> state.add(RoomEvent.fromJson(e)));
            JsonNode timeline = entry.getValue().path("timeline");
            List<RoomEvent> events = new ArrayList<>();
            timeline.path("events").forEach(e -> events.add(RoomEvent.fromJson(e)));
            joined.add(new JoinedRoom(entry.getKey(), state, events, timeline.path("limited").asBoolean(false),
                    timeline.path("prev_batch").asText("")));
        });
        List<InvitedRoom> invited = new ArrayList<>();
        json.path("rooms").path("invite").fields().forEachRemaining(entry -> {
            List<RoomEvent> state = new ArrayList<>();
            entry.getValue().path("invite_state").path("events").forEach(e -> state.add(RoomEvent.fromJson(e)));
            invited.add(new InvitedRoom(entry.getKey(), state));
        });
        return new SyncResponse(json.path("next_batch").asText(""), joined, invited);
    }
}
