package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.store.ChainVerifier;
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
    public Integer call() throws java.io.IOException {
        return IncidentReader.withIncident(common, id, (configured, db, incident) -> {
            ChainVerifier.Verdict v = db.read(c -> new ChainVerifier().verify(c, incident.number()));
            if (v.intact()) {
                System.out.println(incident.id() + ": timeline intact (" + v.events() + " events, head " + v.head() + ")");
                return 0;
            }
            System.out.println(incident.id() + ": timeline BROKEN from event " + v.brokenAt().get() + " on: " + v.reason());
            return 1;
        });
    }
}
