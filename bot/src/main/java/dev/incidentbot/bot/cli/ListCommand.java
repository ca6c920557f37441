package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.incident.IncidentMessages;
import dev.incidentbot.bot.store.IncidentStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List incidents, open ones first.")
public final class ListCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws java.io.IOException {
        return Configured.withExistingDatabase(common, (configured, db) -> {
            List<Incident> incidents = db.read(c -> new IncidentStore().recent(c, limit));
            if (incidents.isEmpty()) {
                System.out.println("No incidents.");
            }
            for (Incident i : incidents) {
                String label = configured.config().severity(i.severity()).map(s -> s.label()).orElse(i.severity());
                System.out.println(String.join("\t", i.id(), (i.drill() ? "[DRILL] " : "") + label, i.status().word(),
                        IncidentMessages.time(i.declaredAt()), i.commander().map(p -> "IC " + p.displayName()).orElse("no IC"),
                        dev.incidentbot.bot.template.TypedText.plain(i.title())));
            }
            return 0;
        });
    }
}
