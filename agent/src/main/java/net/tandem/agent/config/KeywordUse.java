package net.tandem.agent.config;

/** A keyword of the table, as met in a configuration file: for {@code --check --explain} and the migration summary. */
public record KeywordUse(SourcePos pos, Keyword keyword) {}
