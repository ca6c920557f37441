package dev.incidentbot.bot.integration;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.bot.incident.IntegrationHook;
import dev.incidentbot.bot.incident.UnitOfWork;
import dev.incidentbot.bot.outbox.Delivery;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.integration.IncidentSignal;
import dev.incidentbot.integration.Integration;
import dev.incidentbot.integration.OutboundCall;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a signal into outbox rows inside the use case's transaction: each integration reacts, each call is enqueued
 * once per incident and idempotency key, in the incident's lane for that integration. A drill enqueues nothing: its
 * timeline says what would have been done. An integration that fails to react costs a timeline line, not the command.
 */
public final class IntegrationSignals implements IntegrationHook {
    private static final Logger log = LoggerFactory.getLogger(IntegrationSignals.class);

    private final ActiveIntegrations integrations;

    public IntegrationSignals(ActiveIntegrations integrations) {
        this.integrations = integrations;
    }

    @Override
    public int signal(UnitOfWork tx, Incident incident, IncidentSignal signal) throws SQLException {
        int asked = 0;
        for (Integration integration : integrations.all()) {
            List<OutboundCall> wanted;
            try {
                wanted = integration.react(signal);
            } catch (RuntimeException e) {
                log.warn("{} could not react to {} of {}", integration.name(), signal.getClass().getSimpleName(), incident.id(), e);
                tx.event(incident, IncidentService.BOT, new TimelineEvent.DeliveryFailed(integration.name() + " ("
                        + signal.getClass().getSimpleName() + ")", String.valueOf(e.getMessage())));
                continue;
            }
            for (OutboundCall call : wanted) {
                if (!call.integration().equals(integration.name())) {
                    throw new IllegalStateException(integration.name() + " made a call for " + call.integration());
                }
                asked++;
                if (!tx.integrationCalls().firstCall(incident.number(), call.integration(), call.idempotencyKey(), tx.now())) {
                    continue;
                }
                if (incident.drill()) {
                    tx.event(incident, IncidentService.BOT, new TimelineEvent.IntegrationSkipped(call.integration(),
                            call.action(), call.summary(), "drill"));
                    continue;
                }
                long id = tx.enqueue(incident, Delivery.Call.laneOf(incident.number(), call.integration()),
                        Delivery.Call.platformOf(call.integration()), new Delivery.Call(call));
                tx.integrationCalls().linkOutbox(incident.number(), call.integration(), call.idempotencyKey(), id);
            }
        }
        return asked;
    }
}
