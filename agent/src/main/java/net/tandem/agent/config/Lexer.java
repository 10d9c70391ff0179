package net.tandem.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits keepalived.conf text into tokens. Line oriented like keepalived: {@code #} and {@code !} at the start of a
 * word comment out the rest of the line, a double-quoted string is one word and cannot span lines, and braces are
 * tokens of their own even when glued to a word. Carriage returns and trailing blanks are plain whitespace, so CRLF
 * files and the seed configs' trailing spaces are harmless.
 */
final class Lexer {
    private final String file;
    private final Diagnostics diagnostics;

    Lexer(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            tokenizeLine(lines[i], i + 1, tokens);
            tokens.add(new Token(Token.Kind.END_OF_LINE, "", new SourcePos(file, i + 1, lines[i].length() + 1), false));
        }
        return tokens;
    }

    private void tokenizeLine(String line, int lineNo, List<Token> out) {
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            SourcePos pos = new SourcePos(file, lineNo, i + 1);
            if (isBlank(c)) {
                i++;
            } else if (c == '#' || c == '!') {
                return;
            } else if (c == '{') {
                out.add(new Token(Token.Kind.OPEN_BRACE, "{", pos, false));
                i++;
            } else if (c == '}') {
                out.add(new Token(Token.Kind.CLOSE_BRACE, "}", pos, false));
                i++;
            } else if (c == '"') {
                int close = line.indexOf('"', i + 1);
                if (close < 0) {
                    diagnostics.error(pos, "unterminated quoted string: expected a closing \" on the same line");
                    out.add(new Token(Token.Kind.WORD, line.substring(i + 1).stripTrailing(), pos, true));
                    return;
                }
                out.add(new Token(Token.Kind.WORD, line.substring(i + 1, close), pos, true));
                i = close + 1;
            } else {
                int start = i;
                while (i < n && !isBlank(line.charAt(i)) && line.charAt(i) != '{' && line.charAt(i) != '}') {
                    i++;
                }
                out.add(new Token(Token.Kind.WORD, line.substring(start, i), pos, false));
            }
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
