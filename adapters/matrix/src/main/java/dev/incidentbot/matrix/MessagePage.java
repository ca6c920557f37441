package dev.incidentbot.matrix;

import java.util.List;
import java.util.Objects;

/** A page of {@code /messages}: events newest first when paging backwards; {@code end} empty when there is no more. */
public record MessagePage(List<RoomEvent> events, String end) {
    public MessagePage {
        events = List.copyOf(events);
        Objects.requireNonNull(end, "end");
    }
}
