package io.quantapilot.agents.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds an agent's command line as a list of arguments: never a string for a shell, so a prompt with quotes,
 * spaces or {@code $(…)} reaches the tool exactly as written.
 */
final class CommandLine {

	/**
	 * An option a provider sets. Extra arguments that name any of its {@code names} replace it, so an operator can
	 * change, say, a permission mode without the tool seeing the option twice.
	 *
	 * @param names the option's names and aliases
	 * @param words the option and its values as passed
	 */
	record Option(List<String> names, List<String> words) {

		static Option of(String... words) {
			return new Option(List.of(words[0]), List.of(words));
		}

		Option aliases(String... more) {
			List<String> all = new ArrayList<>(names);
			all.addAll(List.of(more));
			return new Option(all, words);
		}

	}

	/**
	 * A command line with the position of its prompt.
	 *
	 * @param argv the arguments, the binary first
	 * @param promptIndex the prompt's position, or -1
	 */
	record Built(List<String> argv, int promptIndex) {
	}

	private CommandLine() {
	}

	/** The provider's options minus those the extra arguments replace, followed by the extra arguments. */
	static List<String> options(List<Option> options, List<String> extra) {
		Set<String> overridden = new HashSet<>();
		for (String arg : extra) {
			if (arg.startsWith("-")) {
				overridden.add(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg);
			}
		}
		List<String> words = new ArrayList<>();
		for (Option option : options) {
			if (option.names().stream().noneMatch(overridden::contains)) {
				words.addAll(option.words());
			}
		}
		words.addAll(extra);
		return words;
	}

	/**
	 * Splits a template into words like a POSIX shell would: white space separates, single quotes keep everything,
	 * double quotes keep everything but backslash escapes, a backslash outside quotes escapes the next character.
	 * Nothing else of a shell applies: no variables, globs, pipes or redirections.
	 *
	 * @throws IllegalArgumentException on an unbalanced quote or a trailing backslash
	 */
	static List<String> split(String template) {
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		boolean inWord = false;
		char quote = 0;
		for (int i = 0; i < template.length(); i++) {
			char c = template.charAt(i);
			if (quote == '\'') {
				if (c == '\'') {
					quote = 0;
				}
				else {
					word.append(c);
				}
			}
			else if (quote == '"') {
				if (c == '"') {
					quote = 0;
				}
				else if (c == '\\' && i + 1 < template.length() && "\"\\$`".indexOf(template.charAt(i + 1)) >= 0) {
					word.append(template.charAt(++i));
				}
				else {
					word.append(c);
				}
			}
			else if (Character.isWhitespace(c)) {
				if (inWord) {
					words.add(word.toString());
					word.setLength(0);
					inWord = false;
				}
			}
			else {
				inWord = true;
				if (c == '\'' || c == '"') {
					quote = c;
				}
				else if (c == '\\') {
					if (i + 1 >= template.length()) {
						throw new IllegalArgumentException("the template ends with a backslash");
					}
					word.append(template.charAt(++i));
				}
				else {
					word.append(c);
				}
			}
		}
		if (quote != 0) {
			throw new IllegalArgumentException("the template has an unbalanced " + quote + " quote");
		}
		if (inWord) {
			words.add(word.toString());
		}
		return words;
	}

	/**
	 * Fills a template's placeholders. Each placeholder is replaced inside its word, so a value never becomes
	 * more than one argument. Without a model, a word holding {@code {model}} is dropped, and so is the option
	 * just before it when the word was the bare placeholder ({@code --model {model}}).
	 *
	 * @param words the split template, the binary first
	 * @param binary the binary's absolute path, put in place of the first word
	 */
	static Built fill(List<String> words, String binary, String prompt, String workspace, String model) {
		List<String> argv = new ArrayList<>();
		int promptIndex = -1;
		for (int i = 0; i < words.size(); i++) {
			String word = words.get(i);
			if (i == 0) {
				argv.add(binary);
				continue;
			}
			if (word.contains("{model}") && (model == null || model.isBlank())) {
				if (word.equals("{model}") && argv.size() > 1 && argv.get(argv.size() - 1).startsWith("-")
						&& argv.size() - 1 != promptIndex) {
					argv.remove(argv.size() - 1);
				}
				continue;
			}
			if (word.contains("{prompt}") && promptIndex < 0) {
				promptIndex = argv.size();
			}
			argv.add(word.replace("{workspace}", workspace)
				.replace("{model}", model == null ? "" : model)
				.replace("{prompt}", prompt));
		}
		return new Built(argv, promptIndex);
	}

}
