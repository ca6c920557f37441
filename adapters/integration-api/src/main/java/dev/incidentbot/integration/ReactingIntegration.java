package dev.incidentbot.integration;

import java.util.List;

/**
 * An integration that reacts to the kinds of signal it overrides ({@link IncidentSignal.Visitor#declared},
 * {@link IncidentSignal.Visitor#resolved}, ...); every other signal asks it for no calls.
 */
public interface ReactingIntegration extends Integration, IncidentSignal.Visitor<List<OutboundCall>> {
    @Override
    default List<OutboundCall> react(IncidentSignal signal) {
        return signal.accept(this);
    }

    @Override
    default List<OutboundCall> otherwise(IncidentSignal signal) {
        return List.of();
    }
}
