package dev.incidentbot.bot.runner;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a checked command is started, never through a shell: argv only (under setsid, and inside bubblewrap with
 * {@code isolation: bwrap}), the environment scrubbed to PATH, LANG and the variables the diagnostic lists, stdin
 * from /dev/null, in its own working directory.
 */
final class ChildProcessSpec {
    private static final File NO_INPUT = new File("/dev/null");

    private final RunnerSettings settings;
    private final Map<String, String> botEnvironment;
    private final List<Path> hiddenPaths;
    private final Optional<Path> setsid;
    private final Optional<Path> unsetPwd;

    ChildProcessSpec(RunnerSettings settings, Map<String, String> botEnvironment, List<Path> hiddenPaths) {
        this.settings = settings;
        this.botEnvironment = Map.copyOf(botEnvironment);
        this.hiddenPaths = List.copyOf(hiddenPaths);
        // setsid makes the program the leader of a session of its own, so its background children can be found
        this.setsid = ExecutableSearch.find("setsid", settings.childPath());
        this.unsetPwd = ExecutableSearch.find("env", settings.childPath());
    }

    /** Whether the program leads a session of its own, so its whole tree can be found by session id. */
    boolean ownSession() {
        return setsid.isPresent();
    }

    ProcessBuilder builder(PreparedCommand command, Path workDir) {
        DiagnosticDefinition d = command.diagnostic();
        List<String> program = new ArrayList<>();
        program.add(d.executable().toString());
        program.addAll(command.argv().subList(1, command.argv().size()));
        List<String> argv = new ArrayList<>();
        setsid.ifPresent(s -> argv.addAll(List.of(s.toString(), "--wait")));
        if (settings.isolation() instanceof Isolation.Bubblewrap b) {
            if (unsetPwd.isPresent() && !program.get(0).contains("=")) {
                // bubblewrap always exports PWD; take it out again so the environment is exactly what we chose
                program.addAll(0, List.of(unsetPwd.get().toString(), "-u", "PWD", "--"));
            }
            argv.addAll(Bubblewrap.wrap(b.executable(), d, workDir, hiddenPaths, program));
        } else {
            argv.addAll(program);
        }
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
        builder.environment().clear();
        builder.environment().putAll(environmentFor(d));
        return builder;
    }

    private Map<String, String> environmentFor(DiagnosticDefinition d) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", settings.childPath());
        env.put("LANG", botEnvironment.getOrDefault("LANG", "C.UTF-8"));
        for (String name : d.environment()) {
            if (!env.containsKey(name) && botEnvironment.containsKey(name)) {
                env.put(name, botEnvironment.get(name));
            }
        }
        return env;
    }
}
