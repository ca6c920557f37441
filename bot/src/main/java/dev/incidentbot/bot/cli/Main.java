package dev.incidentbot.bot.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code incident-bot} command line. With no subcommand it serves, as {@code serve} does. */
@Command(name = "incident-bot", mixinStandardHelpOptions = true, version = "incident-bot 0.1.0",
        description = "A ChatOps incident-response bot for Slack, Matrix and the console.",
        subcommands = {ServeCommand.class, ExportCommand.class, VerifyCommand.class, ListCommand.class, CheckConfigCommand.class,
                MigrateCommand.class})
public final class Main implements Callable<Integer> {

    @CommandLine.Mixin
    CommonOptions common = new CommonOptions();

    @CommandLine.Option(names = "--http-port", paramLabel = "PORT", description = "Override http.port (0 picks a free port).")
    Integer httpPort;

    public static void main(String[] args) {
        // Console input is read as UTF-8; print UTF-8 too, whatever the locale (a bare container has none), so
        // titles, emoji and exports on stdout are not turned into "?".
        System.setOut(utf8(FileDescriptor.out));
        System.setErr(utf8(FileDescriptor.err));
        int exit = commandLine().execute(args);
        System.out.flush();
        System.exit(exit);
    }

    /** The command line as {@link #main} runs it: a usage error (unknown option, missing argument) is one line, exit 2. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, args) -> {
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println(name + ": " + e.getMessage() + " (see " + name + " --help)");
            return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli;
    }

    private static PrintStream utf8(FileDescriptor fd) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd), 8192), true, StandardCharsets.UTF_8);
    }

    @Override
    public Integer call() {
        return new ServeCommand(common, httpPort).call();
    }
}
