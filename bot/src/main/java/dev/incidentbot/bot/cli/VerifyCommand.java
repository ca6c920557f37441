package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.incident.Incident;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.timeline.ChainVerifier;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true, description = "Check that an incident's timeline hash chain is intact.")
public final class VerifyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(index = "0", paramLabel = "INC-N", description = "The incident, e.g. INC-3.")
    String id;

    @Override
    public Integer call() {
        Optional<Configured> loaded = Configured.loadReportingProblems(common);
        if (loaded.isEmpty()) {
            return Configured.EXIT_INVALID;
        }
        Configured configured = loaded.get();
        Optional<Database> opened = configured.openExistingDatabase();
        if (opened.isEmpty()) {
            return 1;
        }
        try (Database db = opened.get()) {
            Optional<Incident> incident = IncidentReader.find(db, id);
            if (incident.isEmpty()) {
                return 1;
            }
            ChainVerifier.Verdict v = db.read(c -> new ChainVerifier().verify(c, incident.get().number()));
            if (v.intact()) {
                System.out.println(incident.get().id() + ": timeline intact (" + v.events() + " events, head " + v.head() + ")");
                return 0;
            }
            System.out.println(incident.get().id() + ": timeline BROKEN from event " + v.brokenAt().get() + " on: " + v.reason());
            return 1;
        }
    }
}
