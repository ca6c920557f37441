package dev.incidentbot.bot.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.integration.CallOutcome;
import dev.incidentbot.integration.ExternalRefs;
import dev.incidentbot.integration.IncidentSignal;
import dev.incidentbot.integration.Integration;
import dev.incidentbot.integration.OutboundCall;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine's side of the integration port, with integrations made here: what any integration can rely on. */
class IntegrationSeamTest {
    static final String YAML = IntegrationBots.severities();

    @RegisterExtension
    final IntegrationBots bots = new IntegrationBots();
    IntegrationBot bot;


    /** Records every signal and performs every call; asks for the same call (same key) on every signal. */
    static final class Recording implements Integration {
        final List<String> signals = new CopyOnWriteArrayList<>();
        final List<String> performed = new CopyOnWriteArrayList<>();
        final List<String> refsSeen = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public List<OutboundCall> react(IncidentSignal signal) {
            signals.add(signal.getClass().getSimpleName() + " " + signal.facts().id() + " " + signal.facts().status());
            return List.of(new OutboundCall(name(), "ping", JsonNodeFactory.instance.objectNode().put("n", signals.size()),
                    "once", "Pinged the recorder"));
        }

        @Override
        public CallOutcome perform(OutboundCall call, ExternalRefs refs) {
            refsSeen.add(refs.find("once").orElse("none"));
            performed.add(call.action() + " " + call.payload().path("n").asInt());
            return CallOutcome.withRef("ext-1");
        }
    }

    private void attach(Integration integration) {
        ActiveIntegrations active = new ActiveIntegrations(Map.of(integration.name(), integration));
        bot.app.service().setIntegrations(new IntegrationSignals(active));
        bot.app.dispatcher().attachIntegrations(active.byName());
    }

    @Test
    void signalsArriveInOrderAndACallIsEnqueuedOncePerKeyAndItsReferenceStored() {
        bot = bots.start(YAML, Map.of());
        Recording recording = new Recording();
        attach(recording);
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drainAtThisMoment();
        bot.command("dana", bot.channel(1), "ack");
        bot.command("dana", bot.channel(1), "update rolled back status: monitoring");
        bot.command("dana", bot.channel(1), "action add a canary @dana");
        bot.command("dana", bot.channel(1), "resolve rolled back");
        bot.drain();

        assertThat(recording.signals).containsExactly("Declared INC-1 declared", "EscalationStepReached INC-1 declared",
                "Acknowledged INC-1 acknowledged", "UpdatePosted INC-1 monitoring", "ActionItemAdded INC-1 monitoring",
                "Resolved INC-1 resolved");
        assertThat(recording.performed).containsExactly("ping 1");
        assertThat(bot.count("SELECT COUNT(*) FROM external_ref WHERE integration = 'recording' AND ref_key = 'once' AND ref_value = 'ext-1'"))
                .isEqualTo(1);
        assertThat(bot.describedTimeline(1)).containsOnlyOnce("Pinged the recorder (ext-1)");
    }

    @Test
    void anIntegrationThatFailsToReactCostsATimelineLineNotTheCommand() {
        bot = bots.start(YAML, Map.of());
        attach(new Integration() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public List<OutboundCall> react(IncidentSignal signal) {
                throw new IllegalStateException("template statuspage-x is missing");
            }

            @Override
            public CallOutcome perform(OutboundCall call, ExternalRefs refs) {
                throw new AssertionError("never called");
            }
        });
        assertThat(bot.command("dana", "sev1 checkout API returns 500s")).startsWith("Declaring INC-1");
        bot.drain();
        assertThat(bot.chat.postsIn(bot.channel(1))).isNotEmpty();
        assertThat(bot.events(1, TimelineEvent.DeliveryFailed.class)).extracting(TimelineEvent::describe)
                .contains("Could not deliver broken (Declared): template statuspage-x is missing");
    }

    @Test
    void theIntakeDeclaresAsTheBotFromItsSourceAndFindsTheOpenIncidentByTheSourcesKey() {
        bot = bots.start(YAML, Map.of());
        EngineIntake intake = new EngineIntake(bot.app.service(), bot.app.config(), List.of(bot.chat));
        long n = intake.declare("alertmanager", "{}:{alertname=\"HighErrorRate\"}", "critical", "HighErrorRate on checkout");
        assertThat(n).isEqualTo(1);
        assertThat(intake.findOpen("alertmanager", "{}:{alertname=\"HighErrorRate\"}")).contains(1L);
        assertThat(intake.findOpen("github", "{}:{alertname=\"HighErrorRate\"}")).isEmpty();
        intake.note(1, "alertmanager", "firing again: 3 alerts");
        bot.drain();
        assertThat(bot.describedTimeline(1)).contains("Declared SEV1: HighErrorRate on checkout", "Note: firing again: 3 alerts");
        assertThat(bot.timeline(1).get(0).actor().displayName()).isEqualTo("incident-bot (from alertmanager)");
        assertThat(bot.chat.postsIn(bot.channel(1))).isNotEmpty();
        // No announce conversation on this platform: nothing is announced into a conversation that does not exist.
        assertThat(bot.chat.effects()).noneMatch(e -> e.conversation().isEmpty());

        bot.command("dana", bot.channel(1), "resolve silenced the alert");
        assertThat(intake.findOpen("alertmanager", "{}:{alertname=\"HighErrorRate\"}")).isEmpty();
    }
}
