package io.quantapilot.agents.openai;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quantapilot.quality.Limits;
import io.quantapilot.quality.Sandbox;
import io.quantapilot.quality.TestCommand;
import io.quantapilot.quality.TestRun;
import io.quantapilot.quality.TestRunner;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tools the model works with, all confined to one workspace: {@code list_files}, {@code read_file},
 * {@code write_file}, {@code edit_file} (exact search and replace), {@code run_command} (in the sandbox,
 * with time and output limits, without the platform's environment) and {@code finish}. A mistaken call is not
 * an exception but a failed {@link ToolResult} whose message tells the model what to do instead.
 */
final class WorkspaceTools {

	static final String LIST_FILES = "list_files";

	static final String READ_FILE = "read_file";

	static final String WRITE_FILE = "write_file";

	static final String EDIT_FILE = "edit_file";

	static final String RUN_COMMAND = "run_command";

	static final String FINISH = "finish";

	private static final int MAX_LISTED = 1_000;

	// Python validates its bytecode cache by the source's mtime in whole seconds and its size: an edit within
	// the same second that keeps the size (a - b → a + b) would run the stale cached code.
	private static final Map<String, String> COMMAND_ENVIRONMENT = Map.of("PYTHONDONTWRITEBYTECODE", "1");

	private final WorkspacePaths paths;

	private final TestRunner runner;

	private final int maxOutputBytes;

	private final JsonMapper json;

	WorkspaceTools(WorkspacePaths paths, Sandbox sandbox, int maxOutputBytes, JsonMapper json) {
		this.paths = paths;
		this.runner = new TestRunner(sandbox);
		this.maxOutputBytes = maxOutputBytes;
		this.json = json;
	}

	String sandboxName() {
		return runner.sandbox().name();
	}

	/** The tool definitions of the Chat Completions request. */
	ArrayNode definitions() {
		ArrayNode tools = json.createArrayNode();
		tools.add(tool(LIST_FILES, "List the files under a directory of the workspace (recursively by default). "
				+ "Build outputs, dependencies and .git are skipped.",
				Map.of("path", string("directory relative to the workspace root; default '.'"), "recursive",
						property("boolean", "list subdirectories too; default true")),
				List.of()));
		tools.add(tool(READ_FILE, "Read a text file of the workspace.",
				Map.of("path", string("file path relative to the workspace root")), List.of("path")));
		tools.add(tool(WRITE_FILE, "Create or overwrite a file with the given content; missing directories are created.",
				Map.of("path", string("file path relative to the workspace root"), "content",
						string("the complete new content of the file")),
				List.of("path", "content")));
		tools.add(tool(EDIT_FILE, "Replace one exact occurrence of a text in a file. The search text must occur "
				+ "exactly once, character for character (whitespace included); otherwise nothing is changed and an "
				+ "error is returned.",
				Map.of("path", string("file path relative to the workspace root"), "search",
						string("the exact text to replace"), "replace", string("the text to put in its place")),
				List.of("path", "search", "replace")));
		tools.add(tool(RUN_COMMAND, "Run a shell command (sh -c) in the workspace root, for example the project's "
				+ "tests. It runs sandboxed, without secrets, with a time limit; the exit code and the output "
				+ "(stdout and stderr merged, possibly shortened) are returned.",
				Map.of("command", string("the shell command"), "timeout_seconds",
						property("integer", "time limit in seconds (capped by the platform)")),
				List.of("command")));
		tools.add(tool(FINISH, "End the task when the work is complete, with a short summary of what was done.",
				Map.of("summary", string("what was done, in a few lines")), List.of("summary")));
		return tools;
	}

	/**
	 * Executes one call.
	 *
	 * @param name the tool
	 * @param arguments its arguments as the model sent them (a JSON object in a string)
	 * @param timeLeft how long the run may still take; bounds a command
	 * @param commandTimeout the configured limit of one command
	 * @throws InterruptedException when the run is cancelled during a command
	 */
	ToolResult call(String name, String arguments, Duration timeLeft, Duration commandTimeout)
			throws InterruptedException {
		JsonNode args;
		try {
			args = arguments == null || arguments.isBlank() ? json.createObjectNode() : json.readTree(arguments);
		}
		catch (JacksonException ex) {
			return ToolResult.failure("the arguments are not valid JSON (" + ex.getOriginalMessage()
					+ "); send a JSON object");
		}
		if (!args.isObject()) {
			return ToolResult.failure("the arguments must be a JSON object");
		}
		try {
			return switch (name == null ? "" : name) {
				case LIST_FILES -> listFiles(args);
				case READ_FILE -> readFile(args);
				case WRITE_FILE -> writeFile(args);
				case EDIT_FILE -> editFile(args);
				case RUN_COMMAND -> runCommand(args, timeLeft, commandTimeout);
				case FINISH -> ToolResult.finish(text(args, "summary", false));
				default -> ToolResult.failure("unknown tool '" + name + "'; the tools are " + String.join(", ",
						LIST_FILES, READ_FILE, WRITE_FILE, EDIT_FILE, RUN_COMMAND, FINISH));
			};
		}
		catch (ToolException ex) {
			return ToolResult.failure(ex.getMessage());
		}
		catch (IOException ex) {
			return ToolResult.failure(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private ToolResult listFiles(JsonNode args) throws ToolException, IOException {
		String path = args.path("path").isString() ? args.path("path").asString() : ".";
		Path dir = paths.resolve(path.isBlank() ? "." : path);
		if (!Files.isDirectory(dir)) {
			throw new ToolException("'" + path + "' is not a directory of the workspace");
		}
		boolean recursive = !args.path("recursive").isBoolean() || args.path("recursive").asBoolean();
		List<String> lines = new ArrayList<>();
		int[] more = { 0 };
		Files.walkFileTree(dir, Set.of(), recursive ? Integer.MAX_VALUE : 1, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
				if (d.equals(dir)) {
					return FileVisitResult.CONTINUE;
				}
				if (WorkspaceSnapshot.SKIPPED.contains(d.getFileName().toString())) {
					return FileVisitResult.SKIP_SUBTREE;
				}
				add(paths.relative(d) + "/");
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
				if (attrs.isDirectory()) {
					if (!WorkspaceSnapshot.SKIPPED.contains(file.getFileName().toString())) {
						add(paths.relative(file) + "/");
					}
				}
				else {
					add(paths.relative(file) + " (" + attrs.size() + " bytes)");
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException exc) {
				return FileVisitResult.CONTINUE;
			}

			private void add(String line) {
				if (lines.size() < MAX_LISTED) {
					lines.add(line);
				}
				else {
					more[0]++;
				}
			}

		});
		lines.sort(null);
		if (lines.isEmpty()) {
			return ToolResult.success("(empty)", Set.of());
		}
		String listing = String.join("\n", lines);
		return ToolResult.success(more[0] > 0 ? listing + "\n… and " + more[0] + " more entries" : listing, Set.of());
	}

	private ToolResult readFile(JsonNode args) throws ToolException, IOException {
		String path = text(args, "path", true);
		Path file = paths.resolve(path);
		if (!Files.isRegularFile(file)) {
			throw new ToolException(Files.isDirectory(file) ? "'" + path + "' is a directory; use list_files"
					: "'" + path + "' does not exist");
		}
		long size = Files.size(file);
		byte[] bytes;
		try (InputStream in = Files.newInputStream(file)) {
			bytes = in.readNBytes(maxOutputBytes);
		}
		String content = decode(bytes, size > bytes.length);
		if (content == null) {
			throw new ToolException("'" + path + "' is a binary file (" + size + " bytes)");
		}
		return ToolResult.success(size > bytes.length ? content + "\n[… shortened: the file has " + size
				+ " bytes; only the first " + bytes.length + " are shown]" : content, Set.of());
	}

	private ToolResult writeFile(JsonNode args) throws ToolException, IOException {
		String path = text(args, "path", true);
		if (!args.path("content").isString()) {
			throw new ToolException("'content' (a string) is required");
		}
		String content = args.path("content").asString();
		Path file = paths.resolve(path);
		if (Files.isDirectory(file)) {
			throw new ToolException("'" + path + "' is a directory");
		}
		boolean existed = Files.exists(file);
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		if (existed && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
			return ToolResult.success(paths.relative(file) + " already has this content; nothing changed", Set.of());
		}
		Files.createDirectories(file.getParent());
		Files.write(file, bytes);
		return ToolResult.success((existed ? "replaced " : "created ") + paths.relative(file) + " (" + bytes.length
				+ " bytes)", Set.of(paths.relative(file)));
	}

	private ToolResult editFile(JsonNode args) throws ToolException, IOException {
		String path = text(args, "path", true);
		String search = text(args, "search", true);
		if (!args.path("replace").isString()) {
			throw new ToolException("'replace' (a string) is required");
		}
		String replace = args.path("replace").asString();
		Path file = paths.resolve(path);
		if (!Files.isRegularFile(file)) {
			throw new ToolException("'" + path + "' does not exist; use write_file to create it");
		}
		String content = Files.readString(file);
		int first = content.indexOf(search);
		if (first < 0) {
			throw new ToolException("the search text was not found in '" + path + "'; nothing was changed. Read the "
					+ "file and copy the text exactly, whitespace and line breaks included");
		}
		int occurrences = 0;
		for (int at = first; at >= 0; at = content.indexOf(search, at + search.length())) {
			occurrences++;
		}
		if (occurrences > 1) {
			throw new ToolException("the search text occurs " + occurrences + " times in '" + path + "'; nothing "
					+ "was changed. Include more surrounding lines so that it matches exactly once");
		}
		String edited = content.substring(0, first) + replace + content.substring(first + search.length());
		if (edited.equals(content)) {
			return ToolResult.success("the replacement equals the search text; '" + path + "' is unchanged", Set.of());
		}
		Files.writeString(file, edited);
		return ToolResult.success("edited " + paths.relative(file) + " (1 replacement)", Set.of(paths.relative(file)));
	}

	private ToolResult runCommand(JsonNode args, Duration timeLeft, Duration commandTimeout)
			throws ToolException, InterruptedException {
		String command = text(args, "command", true);
		Duration timeout = commandTimeout;
		if (args.path("timeout_seconds").canConvertToInt() && args.path("timeout_seconds").asInt() > 0) {
			Duration asked = Duration.ofSeconds(args.path("timeout_seconds").asInt());
			timeout = asked.compareTo(timeout) < 0 ? asked : timeout;
		}
		if (timeLeft.compareTo(timeout) < 0) {
			timeout = timeLeft;
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new ToolException("the run has no time left for commands");
		}
		WorkspaceSnapshot before = WorkspaceSnapshot.take(paths.root());
		TestRun run = runner.run(paths.root(), new TestCommand(List.of("sh", "-c", command), "custom", List.of()),
				new Limits(timeout, maxOutputBytes, COMMAND_ENVIRONMENT));
		if (run.cancelled() || Thread.currentThread().isInterrupted()) {
			Thread.interrupted();
			throw new InterruptedException("cancelled while running: " + command);
		}
		Set<String> changed = WorkspaceSnapshot.take(paths.root()).changedSince(before);
		StringBuilder result = new StringBuilder();
		if (run.timedOut()) {
			result.append("timed out after ").append(timeout.toSeconds()).append(" s and was killed\n");
		}
		result.append("exit code ").append(run.exitCode());
		if (run.outputTruncated()) {
			result.append(" (output shortened to its beginning and end)");
		}
		result.append('\n').append(run.output());
		boolean ok = run.exitCode() == 0 && !run.timedOut();
		return new ToolResult(ok, ok ? result.toString() : "error: " + result, changed, null);
	}

	private static String text(JsonNode args, String field, boolean nonEmpty) throws ToolException {
		JsonNode value = args.path(field);
		if (!value.isString() || (nonEmpty && value.asString().isEmpty())) {
			throw new ToolException("'" + field + "' (a" + (nonEmpty ? " non-empty" : "") + " string) is required");
		}
		return value.asString();
	}

	private static String decode(byte[] bytes, boolean cut) {
		for (byte b : bytes) {
			if (b == 0) {
				return null;
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(cut ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPLACE)
				.decode(java.nio.ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private ObjectNode tool(String name, String description, Map<String, ObjectNode> properties,
			List<String> required) {
		ObjectNode tool = json.createObjectNode().put("type", "function");
		ObjectNode function = tool.putObject("function").put("name", name).put("description", description);
		ObjectNode parameters = function.putObject("parameters").put("type", "object");
		ObjectNode props = parameters.putObject("properties");
		// Sorted so that the request is byte-identical between calls, which keeps provider prompt caches warm.
		new java.util.TreeMap<>(properties).forEach(props::set);
		ArrayNode req = parameters.putArray("required");
		required.forEach(req::add);
		return tool;
	}

	private ObjectNode string(String description) {
		return property("string", description);
	}

	private ObjectNode property(String type, String description) {
		return json.createObjectNode().put("type", type).put("description", description);
	}

}
