package net.tandem.agent.config;

/**
 * The {@link Keywords} table as the Markdown of docs/migrating.md's "Keyword classes" section, so that the page
 * cannot drift from the code ({@code MigratingDocTest} compares them and says how to regenerate).
 */
public final class KeywordTable {

    private KeywordTable() {}

    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| Block | Keyword | Class | What Tandem does |\n");
        md.append("|---|---|---|---|\n");
        for (Keyword k : Keywords.all()) {
            md.append("| ")
                    .append(k.block().equals(Keywords.TOP_LEVEL) ? "(top level)" : "`" + k.block() + "`")
                    .append(" | `")
                    .append(k.name())
                    .append("` | ")
                    .append(k.keywordClass().label())
                    .append(" | ")
                    .append(k.explanation().replace("|", "\\|"))
                    .append(" |\n");
        }
        return md.toString();
    }
}
