package net.tandem.agent.config;

/**
 * Where something was written: a file as the user named it (or as an include resolved it), a 1-based line and a
 * 1-based column. Printed as {@code file:line:col} so that editors and terminals can jump to it.
 */
public record SourcePos(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
