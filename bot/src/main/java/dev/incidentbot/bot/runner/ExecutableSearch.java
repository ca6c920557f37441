package dev.incidentbot.bot.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves a program name the way execvp would, but on a PATH we choose rather than the bot's own. */
final class ExecutableSearch {
    private ExecutableSearch() {
    }

    static Optional<Path> find(String program, String searchPath) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return p.isAbsolute() && p.normalize().equals(p) && isExecutableFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : searchPath.split(":")) {
            if (dir.isEmpty() || !dir.startsWith("/")) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (isExecutableFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
