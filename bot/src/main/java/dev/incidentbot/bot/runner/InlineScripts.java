package dev.incidentbot.bot.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a diagnostic argv that hands a shell or an interpreter a script on its command line ({@code sh -c},
 * {@code python -c}, {@code perl -e}, {@code node -e}, also behind {@code env}) with a parameter substituted into
 * that script: the interpreter would parse the value as code, so {@code opt=/;touch${IFS}x} runs {@code touch}. A
 * fixed script, or a parameter passed as a separate argument ({@code sh -c 'df "$1"' _ {opt}}), is fine.
 */
final class InlineScripts {
    private static final Pattern SHELL = Pattern.compile("(ba|da|z|k|mk|a|c|tc|fi|ya|po|rba)?sh|busybox");
    private static final Pattern INTERPRETER = Pattern.compile(
            "(python|pypy|perl|ruby|nodejs|node|deno|bun|php|lua|luajit|tclsh|osascript|pwsh|powershell|rscript)"
                    + "[0-9.]*");
    /** The single-letter options that take inline code, per interpreter family. */
    private static final Map<String, String> CODE_LETTERS = Map.ofEntries(Map.entry("python", "c"),
            Map.entry("pypy", "c"), Map.entry("perl", "eE"), Map.entry("ruby", "e"), Map.entry("node", "ep"),
            Map.entry("nodejs", "ep"), Map.entry("deno", "ep"), Map.entry("bun", "ep"), Map.entry("php", "r"),
            Map.entry("lua", "e"), Map.entry("luajit", "e"), Map.entry("tclsh", "ec"), Map.entry("osascript", "e"),
            Map.entry("pwsh", "ce"), Map.entry("powershell", "ce"), Map.entry("rscript", "e"));
    private static final List<String> CODE_LONG_OPTIONS = List.of("--eval", "--command", "--print", "--execute",
            "--encodedcommand");
    /** Interpreter options whose value is the next element (python -W x, -X y; ruby -I dir; node -r mod). */
    private static final List<String> VALUE_OPTIONS = List.of("-W", "-X", "-I", "-r", "-M", "-o", "+o", "-O");
    /** env options that take a value in the next element. */
    private static final List<String> ENV_VALUE_OPTIONS = List.of("-u", "--unset", "-C", "--chdir");

    private InlineScripts() {
    }

    /** Why this argv is refused, fit to follow the key ({@code diagnostics.NAME.argv: }); empty when it is fine. */
    static Optional<String> problem(List<ArgTemplate> argv) {
        List<ArgTemplate> program = argv;
        while (!program.isEmpty() && basename(program.get(0).source()).equals("env")) {
            Optional<Integer> split = splitString(program);
            if (split.isPresent() && !program.get(split.get()).placeholders().isEmpty()) {
                return Optional.of("env -S splits {" + program.get(split.get()).placeholders().get(0)
                        + "} into words, so a value could add arguments or name the program; drop -S");
            }
            program = withoutEnv(program);
        }
        if (program.isEmpty()) {
            return Optional.empty();
        }
        if (!program.get(0).placeholders().isEmpty()) {
            return Optional.of("runs a program named by a parameter ({" + program.get(0).placeholders().get(0)
                    + "}); name the program in argv itself");
        }
        String name = basename(program.get(0).source());
        boolean shell = SHELL.matcher(name).matches();
        Matcher interpreter = INTERPRETER.matcher(name);
        if (!shell && !interpreter.matches()) {
            return Optional.empty();
        }
        String codeLetters = shell ? "c" : CODE_LETTERS.get(interpreter.group(1));
        for (int i = 1; i < program.size(); i++) {
            String arg = program.get(i).source();
            if (VALUE_OPTIONS.contains(arg)) {
                i++;
                continue;
            }
            if (!(arg.startsWith("-") || arg.startsWith("+")) || arg.equals("-") || arg.equals("--")) {
                return Optional.empty(); // a script file (or stdin): what follows are its arguments
            }
            Optional<Integer> code = codeElement(program, i, shell, codeLetters);
            if (code.isPresent()) {
                List<String> inside = program.get(code.get()).placeholders();
                return inside.isEmpty() ? Optional.empty() : Optional.of("runs " + name + " " + option(arg)
                        + " with {" + inside.get(0) + "} inside the script, so a value would run as code; pass it"
                        + " as a separate argument instead, e.g. [\"sh\", \"-c\", \"df \\\"$1\\\"\", \"_\", \"{"
                        + inside.get(0) + "}\"]");
            }
        }
        return Optional.empty();
    }

    /** The index of the element holding inline code when {@code argv[i]} is an option that introduces it. */
    private static Optional<Integer> codeElement(List<ArgTemplate> argv, int i, boolean shell, String letters) {
        String arg = argv.get(i).source();
        if (arg.startsWith("--")) {
            String option = option(arg).toLowerCase(Locale.ROOT);
            if (CODE_LONG_OPTIONS.contains(option)) {
                return arg.contains("=") ? Optional.of(i) : next(argv, i);
            }
            return Optional.empty();
        }
        String cluster = arg.substring(1);
        if (shell) {
            // -c anywhere in a cluster (-c, -ec, -xc): the script is the first operand after the options
            if (cluster.indexOf('c') < 0) {
                return Optional.empty();
            }
            for (int j = i + 1; j < argv.size(); j++) {
                String a = argv.get(j).source();
                if (a.equals("-o") || a.equals("+o")) {
                    j++;
                } else if (!(a.startsWith("-") || a.startsWith("+")) || !argv.get(j).placeholders().isEmpty()) {
                    return Optional.of(j);
                }
            }
            return Optional.empty();
        }
        for (int k = 0; k < cluster.length(); k++) {
            if (letters.indexOf(cluster.charAt(k)) >= 0) {
                // the code follows in the same element (perl -e'...') or in the next one
                return k + 1 < cluster.length() ? Optional.of(i) : next(argv, i);
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> next(List<ArgTemplate> argv, int i) {
        return i + 1 < argv.size() ? Optional.of(i + 1) : Optional.empty();
    }

    /** The element holding env's -S string (the option itself when attached). */
    private static Optional<Integer> splitString(List<ArgTemplate> argv) {
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i).source();
            if (a.equals("-S") || a.equals("--split-string")) {
                return next(argv, i);
            }
            if ((a.startsWith("-S") && a.length() > 2) || a.startsWith("--split-string=")) {
                return Optional.of(i);
            }
            if (!a.startsWith("-") && !a.contains("=")) {
                break;
            }
        }
        return Optional.empty();
    }

    /** argv after env's options and NAME=value assignments; a -S string is split into words as env does. */
    private static List<ArgTemplate> withoutEnv(List<ArgTemplate> argv) {
        List<ArgTemplate> rest = new ArrayList<>();
        int i = 1;
        while (i < argv.size()) {
            String a = argv.get(i).source();
            if (a.equals("-S") || a.equals("--split-string") || a.startsWith("-S") || a.startsWith("--split-string=")) {
                String words = a.equals("-S") || a.equals("--split-string")
                        ? (i + 1 < argv.size() ? argv.get(++i).source() : "")
                        : a.substring(a.startsWith("-S") ? 2 : "--split-string=".length());
                for (String w : words.trim().split("\\s+")) {
                    if (!w.isEmpty()) {
                        rest.add(new ArgTemplate(w, List.of(new ArgTemplate.Literal(w))));
                    }
                }
                i++;
                break;
            }
            if (ENV_VALUE_OPTIONS.contains(a)) {
                i += 2;
            } else if (a.startsWith("-") || (a.contains("=") && !a.startsWith("="))) {
                i++;
            } else {
                break;
            }
        }
        rest.addAll(argv.subList(Math.min(i, argv.size()), argv.size()));
        return rest;
    }

    private static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    private static String option(String arg) {
        return arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
    }
}
