package dev.incidentbot.bot.runner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few fields of {@code /proc/<pid>/stat} that ProcessHandle does not expose: session and process group, which
 * is how we find background children that were re-parented away from our tree. Linux only; elsewhere, empty.
 */
record ProcStat(long pid, char state, long parent, long processGroup, long session) {
    private static final Path PROC = Path.of("/proc");

    static Optional<ProcStat> read(long pid) {
        try {
            return parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static List<ProcStat> all() {
        List<ProcStat> out = new ArrayList<>();
        if (!Files.isDirectory(PROC)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                read(Long.parseLong(dir.getFileName().toString())).ifPresent(out::add);
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** Pids of processes holding a file descriptor whose link reads exactly one of {@code links}. */
    static List<Long> holdersOf(java.util.Set<String> links) {
        List<Long> out = new ArrayList<>();
        for (ProcStat s : all()) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Long.toString(s.pid())).resolve("fd"))) {
                for (Path fd : fds) {
                    if (links.contains(readLink(fd))) {
                        out.add(s.pid());
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not ours to read, or gone
            }
        }
        return out;
    }

    static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    private static Optional<ProcStat> parse(long pid, String stat) {
        // the command name is in parentheses and may itself contain spaces and parentheses
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] f = stat.substring(close + 2).trim().split(" ");
        if (f.length < 4) {
            return Optional.empty();
        }
        return Optional.of(new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                Long.parseLong(f[3])));
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
