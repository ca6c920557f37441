package dev.incidentbot.integration.alertmanager;

import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.integration.CallOutcome;
import dev.incidentbot.integration.ExternalRefs;
import dev.incidentbot.integration.HttpMount;
import dev.incidentbot.integration.OutboundCall;
import dev.incidentbot.integration.ReactingIntegration;
import java.util.List;

/** Inbound only: the webhook on the bot's Jetty. It asks for no outbound calls. */
public final class AlertmanagerIntegration implements ReactingIntegration {
    private final AlertWebhook webhook;

    AlertmanagerIntegration(AlertWebhook webhook) {
        this.webhook = webhook;
    }

    @Override
    public String name() {
        return AlertmanagerProvider.NAME;
    }

    @Override
    public CallOutcome perform(OutboundCall call, ExternalRefs refs) {
        throw new DeliveryException.Permanent("Alertmanager makes no outbound calls (asked for " + call.action() + ")");
    }

    @Override
    public List<HttpMount> mounts() {
        return List.of(new HttpMount(AlertWebhook.PATH, webhook));
    }
}
