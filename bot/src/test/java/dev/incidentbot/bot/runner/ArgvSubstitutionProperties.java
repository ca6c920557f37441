package dev.incidentbot.bot.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Diagnostics argv substitution over generated values and configurations: a value fills exactly its one argv
 * element, verbatim, and no program between it and the kernel parses it as a script (no shell); an argv that would
 * hand a parameter to a shell or interpreter as code is refused at load time, one passed as an argument is not.
 */
class ArgvSubstitutionProperties {
    private static final DiagnosticCatalog CATALOG = TestConfigs.valid("""
            runner:
              isolation: none
            diagnostics:
              echo:
                description: Prints its argument
                argv: ["printf", "%s\\n", "--", "pre{v}post"]
                params:
                  v: {pattern: "(?s).*"}
                timeout: 5s
            """).catalog();

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> shelly = Arbitraries.of(";", "|", "&", "&&", "$(id)", "`id`", "${IFS}", "'", "\"", "\\",
                "\n", "*", "?", "~", "{v}", "{{", "}}", "%s", "--", "-x", " ", "touch canary", "/", "é", "\ud83d\udd25",
                "\u0000", "\u202e").list().ofMaxSize(12).map(parts -> String.join("", parts));
        return Arbitraries.frequencyOf(Tuple.of(3, shelly), Tuple.of(1, Arbitraries.strings().all().ofMaxLength(300)));
    }

    @Property(tries = 10_000)
    void aValueFillsExactlyItsOneElementVerbatimOrIsRefusedWithAReason(@ForAll("values") String value) {
        Preparation p = CATALOG.prepare("echo", List.of("v=" + value));

        if (p instanceof Preparation.Ready ready) {
            List<String> argv = ready.command().argv();
            assertThat(argv).hasSize(4);
            assertThat(argv.get(0)).isEqualTo("printf"); // the program as configured: never a shell
            assertThat(argv.subList(1, 3)).containsExactly("%s\n", "--");
            assertThat(argv.get(3)).isEqualTo("pre" + value + "post");
        } else {
            assertThat(((Preparation.Refused) p).reason()).startsWith("v: ");
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple3<String, String, String>> inlineCode() {
        Arbitrary<Tuple.Tuple2<String, String>> programAndFlag = Arbitraries.of(
                Tuple.of("sh", "-c"), Tuple.of("/bin/bash", "-c"), Tuple.of("dash", "-ec"), Tuple.of("zsh", "-xc"),
                Tuple.of("ksh", "-c"), Tuple.of("/usr/bin/python3", "-c"), Tuple.of("python3.12", "-c"),
                Tuple.of("perl", "-e"), Tuple.of("perl", "-E"), Tuple.of("ruby", "-e"), Tuple.of("node", "-e"),
                Tuple.of("node", "--eval"), Tuple.of("busybox", "-c"));
        Arbitrary<String> script = Arbitraries.strings().withChars("abcdefghij ;|$\"'/-=").ofMaxLength(20);
        return Combinators.combine(programAndFlag, script, script)
                .as((pf, before, after) -> Tuple.of(pf.get1(), pf.get2(), before + "\u0001" + after));
    }

    @Property(tries = 10_000)
    void aParameterInsideInlineCodeIsRefusedAndOnePassedAsAnArgumentIsNot(
            @ForAll("inlineCode") Tuple.Tuple3<String, String, String> shape, @ForAll boolean behindEnv) {
        String program = shape.get1();
        String flag = shape.get2();
        String code = shape.get3().replace("{", "").replace("}", "");
        List<String> prefix = behindEnv ? List.of("/usr/bin/env", "-i", "LANG=C", program) : List.of(program);

        List<String> injected = new ArrayList<>(prefix);
        injected.addAll(List.of(flag, code.replace("\u0001", "{p}")));
        assertThat(InlineScripts.problem(templates(injected))).as("%s", injected).isPresent().get().asString()
                .contains("{p} inside the script");

        List<String> separate = new ArrayList<>(prefix);
        separate.addAll(List.of(flag, code.replace("\u0001", "$1"), "_", "{p}"));
        assertThat(InlineScripts.problem(templates(separate))).as("%s", separate).isEmpty();
    }

    private static List<ArgTemplate> templates(List<String> argv) {
        return argv.stream().map(ArgTemplate::parse).toList();
    }
}
