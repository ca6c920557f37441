package dev.incidentbot.bot.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.base.DescribedPredicate;

/**
 * The layering of docs/architecture.md, over the main classes of every module on the bot's classpath: among them no
 * package cycles inside bot/, an incident core on nothing but the JDK and the chat port, and JDBC kept behind the
 * unit of work.
 */
@AnalyzeClasses(packages = "dev.incidentbot",
        importOptions = {ImportOption.DoNotIncludeTests.class, LayeringRulesTest.NoTestJars.class})
class LayeringRulesTest {

    /** Outside the reactor, a module's test-jar comes from ~/.m2 as {@code *-tests.jar}; its fakes are not product code. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule adaptersKnowNothingOfIncidents = noClasses()
            .that().resideInAnyPackage("dev.incidentbot.chat..", "dev.incidentbot.console..", "dev.incidentbot.slack..",
                    "dev.incidentbot.matrix..", "dev.incidentbot.integration..", "dev.incidentbot.platform..")
            .should().dependOnClassesThat().resideInAPackage("dev.incidentbot.bot..")
            .because("adapters and integrations know chat (or their SaaS) and nothing of incidents; dependencies point bot -> adapters");

    @ArchTest
    static final ArchRule noEngineClassNamesSlackOrMatrix = noClasses()
            .that().resideInAPackage("dev.incidentbot.bot..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.incidentbot.slack..", "dev.incidentbot.matrix..",
                    "com.slack..")
            .because("Slack and Matrix are modules found through the platform seam (PlatformProvider); the engine, "
                    + "its wiring included, never names one");

    @ArchTest
    static final ArchRule onlyTheWiringNamesTheConsole = noClasses()
            .that().resideInAPackage("dev.incidentbot.bot..")
            .and().resideOutsideOfPackages("dev.incidentbot.bot.cli")
            .should().dependOnClassesThat().resideInAnyPackage("dev.incidentbot.console..")
            .because("the console is the fallback when no platform module is configured; only serve picks it");

    @ArchTest
    static final ArchRule integrationsUseOnlyTheChatAndIntegrationPorts = noClasses()
            .that().resideInAPackage("dev.incidentbot.integration.*..")
            .should().dependOnClassesThat(projectClassesOutsideThePorts())
            .because("an integration module builds on chat-api and integration-api only");

    @ArchTest
    static final ArchRule integrationsDoNotKnowEachOther = slices().matching("dev.incidentbot.integration.(*)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule platformsDoNotKnowEachOther = slices().matching("dev.incidentbot.(console|slack|matrix)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule thePortsDependOnNoModule = noClasses()
            .that().resideInAnyPackage("dev.incidentbot.chat..", "dev.incidentbot.integration")
            .should().dependOnClassesThat(projectClassesOutsideThePorts())
            .because("chat-api and integration-api are the ports every module builds on");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.incidentbot.bot.(*)..").should().beFreeOfCycles()
            .because("dependencies inside the engine point one way (measured: none since issue 11's core package)");

    @ArchTest
    static final ArchRule theCoreDependsOnNothingOfTheEngine = noClasses()
            .that().resideInAPackage("dev.incidentbot.bot.core..")
            .should().dependOnClassesThat(DescribedPredicate.describe("engine classes outside the core",
                    c -> c.getPackageName().startsWith("dev.incidentbot.bot")
                            && !c.getPackageName().startsWith("dev.incidentbot.bot.core")))
            .because("the incident model and the commands are values every capability builds on");

    @ArchTest
    static final ArchRule theCoreBuildsOnlyOnTheChatPortAndTheJdk = noClasses()
            .that().resideInAPackage("dev.incidentbot.bot.core..")
            .should().dependOnClassesThat(DescribedPredicate.describe("classes outside the JDK, the chat port and the core",
                    c -> !c.getPackageName().startsWith("java.")
                            && !c.getPackageName().equals("dev.incidentbot.chat")
                            && !c.getPackageName().startsWith("dev.incidentbot.chat.")
                            && !c.getPackageName().startsWith("dev.incidentbot.bot.core")))
            .because("the incident core is testable without a database, a framework or a platform");

    @ArchTest
    static final ArchRule onlyTheUnitOfWorkTouchesJdbc = noClasses()
            .that().resideInAnyPackage("dev.incidentbot.bot.incident..", "dev.incidentbot.bot.runner..",
                    "dev.incidentbot.bot.integration..", "dev.incidentbot.bot.core..")
            .or().haveFullyQualifiedName("dev.incidentbot.bot.reminder.ReminderFiring")
            .and().doNotHaveSimpleName("Repositories").and().doNotHaveSimpleName("UnitOfWork")
            .and().doNotHaveSimpleName("DiagnosticRuns").and().doNotHaveSimpleName("ReminderStates")
            .and().doNotHaveSimpleName("IntegrationCalls").and().doNotHaveSimpleName("IncidentSources")
            .and().doNotHaveSimpleName("TimelineExporter")
            .should().dependOnClassesThat(DescribedPredicate.describe("JDBC (java.sql but SQLException)",
                    c -> c.getPackageName().equals("java.sql") && !c.getSimpleName().equals("SQLException")))
            .because("use cases, reminders, diagnostics and integrations work through the unit of work's repositories; "
                    + "the stores keep the connection");

    @ArchTest
    static final ArchRule theTimelineDependsOnNoOtherEnginePackage = noClasses()
            .that().resideInAPackage("dev.incidentbot.bot.timeline..")
            .should().dependOnClassesThat(DescribedPredicate.describe("engine classes outside the timeline",
                    c -> c.getPackageName().startsWith("dev.incidentbot.bot")
                            && !c.getPackageName().startsWith("dev.incidentbot.bot.timeline")))
            .because("the timeline's events and hash chain are the record everything else builds on");

    @ArchTest
    static final ArchRule theOutboxKnowsNoIncidentModel = noClasses()
            .that().resideInAPackage("dev.incidentbot.bot.outbox..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.incidentbot.bot.incident..", "dev.incidentbot.bot.command..",
                    "dev.incidentbot.bot.reminder..", "dev.incidentbot.bot.cli..")
            .because("the outbox performs rows; what an incident is belongs to the engine above it");

    @ArchTest
    static final ArchRule onlyCliStartsTheBot = noClasses()
            .that().resideOutsideOfPackage("dev.incidentbot.bot.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.incidentbot.bot.cli..")
            .because("the command line is the top: it wires the application, nothing depends on it");

    @ArchTest
    static final ArchRule thePlatformPortBuildsOnlyOnTheChatPort = noClasses()
            .that().resideInAPackage("dev.incidentbot.platform..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.incidentbot.bot..", "dev.incidentbot.integration..",
                    "dev.incidentbot.slack..", "dev.incidentbot.matrix..", "dev.incidentbot.console..")
            .because("platform-api is the seam every chat platform module builds on, beside chat-api");

    @ArchTest
    static final ArchRule theChatPortKnowsNoIntegration = noClasses()
            .that().resideInAPackage("dev.incidentbot.chat..")
            .should().dependOnClassesThat().resideInAPackage("dev.incidentbot.integration..");

    @ArchTest
    static final ArchRule theEngineDoesNotKnowHowRemindersAreScheduled = noClasses()
            .that().resideInAnyPackage("dev.incidentbot.bot.command..", "dev.incidentbot.bot.config..",
                    "dev.incidentbot.bot.incident..", "dev.incidentbot.bot.outbox..", "dev.incidentbot.bot.store..",
                    "dev.incidentbot.bot.timeline..")
            .should().dependOnClassesThat().resideInAPackage("dev.incidentbot.bot.reminder..")
            .because("reminders plug into the engine (IncidentService's ReminderPlanner), which keeps the reminder package "
                    + "out of the package cycles; only the wiring names it");

    private static DescribedPredicate<JavaClass> projectClassesOutsideThePorts() {
        return DescribedPredicate.describe("project classes outside dev.incidentbot.chat.. and dev.incidentbot.integration",
                c -> c.getPackageName().startsWith("dev.incidentbot.")
                        && !c.getPackageName().equals("dev.incidentbot.integration")
                        && !c.getPackageName().startsWith("dev.incidentbot.integration.")
                        && !(c.getPackageName().equals("dev.incidentbot.chat") || c.getPackageName().startsWith("dev.incidentbot.chat.")));
    }
}
