package io.quantapilot.quality.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way a POSIX shell quotes them, without running a shell:
 * no expansion, no pipes, no redirection. Operators are rejected rather than passed on as
 * arguments, so that {@code npm ci && npm test} fails loudly instead of handing {@code &&} to npm.
 */
public final class ShellWords {

	private static final String OPERATORS = "|&;<>()`";

	private ShellWords() {
	}

	/**
	 * Splits a command line.
	 *
	 * @param commandLine the command line, using single quotes, double quotes and backslashes as
	 *     a shell would
	 * @return the words, never empty
	 * @throws IllegalArgumentException for an unterminated quote, a shell operator outside quotes,
	 *     or a line without words
	 */
	public static List<String> split(String commandLine) {
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		// Distinguishes "no word yet" from an explicitly empty word such as ''.
		boolean inWord = false;
		int i = 0;
		int length = commandLine.length();
		while (i < length) {
			char c = commandLine.charAt(i);
			if (Character.isWhitespace(c)) {
				if (inWord) {
					words.add(word.toString());
					word.setLength(0);
					inWord = false;
				}
				i++;
			}
			else if (c == '\'') {
				int end = commandLine.indexOf('\'', i + 1);
				if (end < 0) {
					throw new IllegalArgumentException("Unterminated single quote in: " + commandLine);
				}
				word.append(commandLine, i + 1, end);
				inWord = true;
				i = end + 1;
			}
			else if (c == '"') {
				i = readDoubleQuoted(commandLine, i + 1, word);
				inWord = true;
			}
			else if (c == '\\') {
				if (i + 1 >= length) {
					throw new IllegalArgumentException("Trailing backslash in: " + commandLine);
				}
				word.append(commandLine.charAt(i + 1));
				inWord = true;
				i += 2;
			}
			else if (OPERATORS.indexOf(c) >= 0 || (c == '$' && i + 1 < length && commandLine.charAt(i + 1) == '(')) {
				throw new IllegalArgumentException("Shell operator '" + c + "' is not supported (no shell runs the "
						+ "command); wrap it as sh -c '...' if a shell is really needed: " + commandLine);
			}
			else {
				word.append(c);
				inWord = true;
				i++;
			}
		}
		if (inWord) {
			words.add(word.toString());
		}
		if (words.isEmpty()) {
			throw new IllegalArgumentException("The command line is empty");
		}
		return words;
	}

	private static int readDoubleQuoted(String line, int start, StringBuilder word) {
		int i = start;
		while (i < line.length()) {
			char c = line.charAt(i);
			if (c == '"') {
				return i + 1;
			}
			// Inside double quotes a backslash only escapes the characters a shell treats specially.
			if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
				word.append(line.charAt(i + 1));
				i += 2;
			}
			else {
				word.append(c);
				i++;
			}
		}
		throw new IllegalArgumentException("Unterminated double quote in: " + line);
	}

}
