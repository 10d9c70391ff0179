import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes a man page (troff, man(7) macros) and a bash completion script for each picocli command, from its own model:
 * the options, parameters and subcommands the program really has, so neither can drift from --help. One JVM for all
 * three commands (bin/package runs it once).
 *
 * <p>picocli-codegen's ManPageGenerator writes AsciiDoc, which needs asciidoctor (Ruby) to become a
 * man page; this build has no Ruby, and the man(7) subset needed here is small. Completion is picocli's own
 * (AutoComplete). Run as a single-file program:
 * {@code java -cp JARS CommandDocs.java MANDIR COMPLETIONDIR DATE VERSION SECTION:CLASS...}.
 */
public final class CommandDocs {

    public static void main(String[] args) throws Exception {
        Path man = Path.of(args[0]);
        Path completion = Path.of(args[1]);
        String date = args[2];
        String version = args[3];
        for (int i = 4; i < args.length; i++) {
            String[] sectionAndClass = args[i].split(":", 2);
            CommandLine cl = new CommandLine(Class.forName(sectionAndClass[1]));
            String page = page(cl.getCommandSpec(), sectionAndClass[0], date, version);
            Files.writeString(man.resolve(cl.getCommandName() + "." + sectionAndClass[0]), page, StandardCharsets.UTF_8);
            Files.writeString(
                    completion.resolve(cl.getCommandName()),
                    AutoComplete.bash(cl.getCommandName(), cl),
                    StandardCharsets.UTF_8);
        }
    }

    static String page(CommandSpec spec, String section, String date, String version) {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        String name = spec.name();
        w.printf(".TH %s %s \"%s\" \"Tandem %s\" \"Tandem\"%n", name.toUpperCase(), section, date, version);
        w.println(".SH NAME");
        w.println(escape(name) + " \\- " + escape(firstSentence(String.join(" ", spec.usageMessage().description()))));
        w.println(".SH SYNOPSIS");
        synopsis(w, spec);
        w.println(".SH DESCRIPTION");
        paragraphs(w, spec.usageMessage().description());
        arguments(w, spec, ".SH");
        if (!spec.subcommands().isEmpty()) {
            w.println(".SH COMMANDS");
            for (var sub : spec.subcommands().entrySet()) {
                CommandSpec s = sub.getValue().getCommandSpec();
                if (s.usageMessage().hidden() || !sub.getKey().equals(s.name())) {
                    continue; // aliases and hidden commands: once, under their own name
                }
                w.println(".SS " + escape(name + " " + s.name()));
                w.println(".B " + escape(name + " " + s.name()));
                w.println(synopsisArgs(s));
                paragraphs(w, s.usageMessage().description());
                arguments(w, s, null);
            }
        }
        if (!spec.usageMessage().exitCodeList().isEmpty()) {
            w.println(".SH EXIT STATUS");
            spec.usageMessage().exitCodeList().forEach((code, meaning) -> {
                w.println(".TP");
                w.println(".B " + escape(code.strip()));
                w.println(escape(meaning.strip()));
            });
        }
        for (String footer : spec.usageMessage().footer()) {
            w.println(paragraph(footer));
        }
        w.println(".SH SEE ALSO");
        w.println(seeAlso(name));
        w.flush();
        return text.toString();
    }

    private static void synopsis(PrintWriter w, CommandSpec spec) {
        w.println(".B " + escape(spec.name()));
        w.println(synopsisArgs(spec));
    }

    private static String synopsisArgs(CommandSpec spec) {
        List<String> parts = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            String one = "\\fB" + escape(o.shortestName()) + "\\fR" + value(o, o.shortestName());
            parts.add(o.required() ? one : "[" + one + "]");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                String one = "\\fI" + escape(p.paramLabel()) + "\\fR" + (p.isMultiValue() ? "..." : "");
                parts.add(p.required() ? one : "[" + one + "]");
            }
        }
        if (!spec.subcommands().isEmpty()) {
            parts.add("\\fICOMMAND\\fR");
        }
        return String.join(" ", parts);
    }

    /** Options and positional parameters as a tagged list; {@code heading} null: under a subcommand. */
    private static void arguments(PrintWriter w, CommandSpec spec, String heading) {
        List<ArgSpec> visible = new ArrayList<>();
        spec.positionalParameters().stream().filter(p -> !p.hidden()).forEach(visible::add);
        spec.options().stream().filter(o -> !o.hidden()).forEach(visible::add);
        if (visible.isEmpty()) {
            return;
        }
        if (heading != null) {
            w.println(heading + " OPTIONS");
        }
        for (ArgSpec a : visible) {
            w.println(".TP");
            if (a instanceof OptionSpec o) {
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + escape(n) + "\\fR");
                }
                w.println(String.join(", ", names) + value(o, o.longestName()));
            } else {
                PositionalParamSpec p = (PositionalParamSpec) a;
                w.println("\\fI" + escape(p.paramLabel()) + "\\fR");
            }
            w.println(escape(String.join(" ", a.description())));
        }
    }

    /** The option's value after {@code name}: "-f FILE" after a short name, "--use-file=FILE" after a long one. */
    private static String value(OptionSpec o, String name) {
        if (o.arity().max() == 0) {
            return "";
        }
        boolean shortName = name.length() == 2 && name.startsWith("-");
        return (shortName ? " " : "=") + "\\fI" + escape(o.paramLabel()) + "\\fR";
    }

    private static String seeAlso(String name) {
        List<String> refs = new ArrayList<>();
        for (String other : List.of("tandem-agent(8)", "tandemctl(8)", "tandem-console(1)")) {
            if (!other.startsWith(name + "(")) {
                refs.add("\\fB" + other.replace("(", "\\fR(").replace("-", "\\-"));
            }
        }
        refs.add("\\fBkeepalived.conf\\fR(5)");
        refs.add("\\fBsystemctl\\fR(1)");
        return String.join(", ", refs) + "\n.PP\n/usr/share/doc/tandem/ holds the full documentation"
                + " (operations.md, configuration.md, api.md).";
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        String first = dot < 0 ? s : s.substring(0, dot + 1);
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    /** picocli prints each description element on a line of its own; a page fills paragraphs: an empty one ends it. */
    private static void paragraphs(PrintWriter w, String[] lines) {
        List<String> paragraph = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                flush(w, paragraph);
            } else {
                paragraph.add(line.strip());
            }
        }
        flush(w, paragraph);
    }

    private static void flush(PrintWriter w, List<String> paragraph) {
        if (!paragraph.isEmpty()) {
            w.println(paragraph(String.join(" ", paragraph)));
            paragraph.clear();
        }
    }

    private static String paragraph(String s) {
        return ".PP\n" + escape(s.strip());
    }

    /** troff: backslashes doubled as \e, option dashes as \-, and a line may not start with . or '. */
    static String escape(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-").replace("%n", "\n");
        StringBuilder b = new StringBuilder();
        for (String line : t.split("\n", -1)) {
            if (!b.isEmpty()) {
                b.append('\n');
            }
            b.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return b.toString();
    }

}
