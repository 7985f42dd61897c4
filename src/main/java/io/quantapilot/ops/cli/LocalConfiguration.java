package io.quantapilot.ops.cli;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The configuration a server started here would use — {@code application.yml} in the jar, {@code
 * ./application.yml}, {@code ./config/}, {@code SPRING_CONFIG_*}, the environment and optionally an env file —
 * loaded the way Spring Boot loads it, but without starting anything. Binds every
 * {@code @ConfigurationProperties} record of the application to find the errors the server would stop on,
 * and lists {@code quantapilot.*} settings no record knows (typos that would be silently ignored).
 */
final class LocalConfiguration {

	// Spring maps relaxed names (QUANTAPILOT_FORGE_ANONYMOUSREAD) only in sources named like the environment's.
	private static final String ENV_FILE_SOURCE = "envFile-systemEnvironment";

	private final StandardEnvironment environment;

	private final Map<String, String> envFile;

	private LocalConfiguration(StandardEnvironment environment, Map<String, String> envFile) {
		this.environment = environment;
		this.envFile = envFile;
	}

	/**
	 * Loads the configuration.
	 *
	 * @param envFile a {@code .env} file whose variables count as set in the environment (they win over the
	 *        process's own), or null
	 */
	static LocalConfiguration load(Path envFile) {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, String> fileValues = Map.of();
		if (envFile != null) {
			if (!java.nio.file.Files.isRegularFile(envFile)) {
				throw new CliException("no env file at " + envFile);
			}
			fileValues = EnvFile.read(envFile).values();
			environment.getPropertySources()
				.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(ENV_FILE_SOURCE, new HashMap<>(fileValues)));
		}
		ConfigDataEnvironmentPostProcessor.applyTo(environment);
		ConfigurationPropertySources.attach(environment);
		return new LocalConfiguration(environment, fileValues);
	}

	/** A setting's value with placeholders resolved, or empty when unset or blank. */
	Optional<String> get(String key) {
		try {
			String value = environment.getProperty(key);
			return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
		}
		catch (IllegalArgumentException unresolvable) {
			return Optional.empty();
		}
	}

	String get(String key, String fallback) {
		return get(key).orElse(fallback);
	}

	StandardEnvironment environment() {
		return environment;
	}

	/** Variables of the env file, when one was given. */
	Map<String, String> envFile() {
		return envFile;
	}

	/** One problem binding a settings record. */
	record BindingError(String prefix, String message) {
	}

	/** Binds every settings record and returns what failed. */
	List<BindingError> bindAll() {
		List<BindingError> errors = new ArrayList<>();
		Binder binder = Binder.get(environment);
		for (Map.Entry<String, Class<?>> e : settingsClasses().entrySet()) {
			try {
				binder.bindOrCreate(e.getKey(), e.getValue());
			}
			catch (BindException ex) {
				errors.add(new BindingError(e.getKey(), describe(ex)));
			}
			catch (RuntimeException ex) {
				errors.add(new BindingError(e.getKey(), rootMessage(ex)));
			}
		}
		return errors;
	}

	private static String describe(BindException ex) {
		if (ex.getProperty() == null) {
			return rootMessage(ex);
		}
		String name = ex.getProperty().getName().toString();
		String where = ex.getProperty().getOrigin() != null ? " (" + ex.getProperty().getOrigin() + ")" : "";
		if (looksSecret(name)) {
			// Conversion messages quote the value; a secret's value must not reach the terminal or a CI log.
			return name + where + ": the value cannot be used here (" + ex.getTarget().getType() + ")";
		}
		return name + " = '" + ex.getProperty().getValue() + "'" + where + ": " + rootMessage(ex);
	}

	private static String rootMessage(Throwable ex) {
		Throwable t = ex;
		while (t.getCause() != null && t.getCause() != t) {
			t = t.getCause();
		}
		String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
		return message.length() > 300 ? message.substring(0, 300) + "…" : message;
	}

	static boolean looksSecret(String name) {
		String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
		return n.contains("secret") || n.contains("password") || n.contains("token") || n.contains("apikey")
				|| n.contains("masterkey") || n.endsWith(".key") || n.contains("env.");
	}

	/** Every {@code @ConfigurationProperties} record of the application, by prefix. */
	static Map<String, Class<?>> settingsClasses() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Map<String, Class<?>> classes = new java.util.TreeMap<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("io.quantapilot")) {
			try {
				Class<?> type = Class.forName(candidate.getBeanClassName(), false,
						LocalConfiguration.class.getClassLoader());
				ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
				String prefix = !annotation.prefix().isEmpty() ? annotation.prefix() : annotation.value();
				classes.put(prefix, type);
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return classes;
	}

	/** Settings under {@code quantapilot.} read outside a settings record. */
	private static final List<String> EXTRA_KEYS = List.of("quantapilot.master-key");

	/** A {@code quantapilot.*} setting no settings record knows. */
	record UnknownSetting(String name, String source, String suggestion) {
	}

	/** The {@code quantapilot.*} settings no record knows, from files, the env file and the environment. */
	List<UnknownSetting> unknownSettings() {
		Known known = new Known();
		settingsClasses().forEach((prefix, type) -> known.add(elements(prefix), type));
		EXTRA_KEYS.forEach(k -> known.leaves.add(String.join(".", elements(k))));
		List<UnknownSetting> unknown = new ArrayList<>();
		java.util.Set<String> seen = new TreeSet<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			boolean env = source instanceof SystemEnvironmentPropertySource;
			for (String name : enumerable.getPropertyNames()) {
				List<String> el;
				if (env) {
					if (!name.startsWith("QUANTAPILOT_")) {
						continue;
					}
					el = List.of(name.toLowerCase(Locale.ROOT).split("_"));
				}
				else if (name.startsWith("quantapilot.")) {
					el = elements(name);
				}
				else {
					continue;
				}
				if (!known.matches(el) && seen.add(source.getName() + ":" + name)) {
					unknown.add(new UnknownSetting(name, sourceName(source), env ? known.suggestEnv(el) : null));
				}
			}
		}
		return unknown;
	}

	private static String sourceName(PropertySource<?> source) {
		if (ENV_FILE_SOURCE.equals(source.getName())) {
			return "env file";
		}
		if (source instanceof SystemEnvironmentPropertySource) {
			return "environment";
		}
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[([^\\]]+)]").matcher(source.getName());
		return m.find() ? m.group(1) : source.getName();
	}

	/** A property name as uniform elements: lower case, no dashes, map keys and indexes as elements. */
	static List<String> elements(String name) {
		List<String> result = new ArrayList<>();
		for (String part : name.replace("[", ".[").split("\\.")) {
			if (part.isEmpty()) {
				continue;
			}
			result.add(part.startsWith("[") ? part : part.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""));
		}
		return result;
	}

	/** The tree of known settings: leaves, and prefixes below which anything goes (maps, lists). */
	private static final class Known {

		final java.util.Set<String> leaves = new java.util.HashSet<>();

		final java.util.Set<String> open = new java.util.HashSet<>();

		void add(List<String> prefix, Class<?> type) {
			if (!type.isRecord()) {
				open.add(String.join(".", prefix));
				return;
			}
			for (RecordComponent c : type.getRecordComponents()) {
				List<String> path = new ArrayList<>(prefix);
				path.add(c.getName().toLowerCase(Locale.ROOT));
				addComponent(path, c.getType(), c.getGenericType());
			}
		}

		private void addComponent(List<String> path, Class<?> raw, Type generic) {
			if (raw.isRecord()) {
				add(path, raw);
			}
			else if (Map.class.isAssignableFrom(raw) || Collection.class.isAssignableFrom(raw) || raw.isArray()) {
				// A list of simple values may also be given as one comma-separated value.
				leaves.add(String.join(".", path));
				open.add(String.join(".", path));
			}
			else {
				leaves.add(String.join(".", path));
			}
		}

		boolean matches(List<String> el) {
			List<String> uniform = el.stream().filter(e -> !e.startsWith("[")).toList();
			String joined = String.join(".", uniform);
			if (leaves.contains(joined)) {
				return true;
			}
			for (int i = uniform.size() - 1; i > 0; i--) {
				if (open.contains(String.join(".", uniform.subList(0, i)))) {
					return true;
				}
			}
			// Environment variables cannot tell a dash from a dot: QUANTAPILOT_AGENTS_CURSORCLOUD_APIKEY.
			return false;
		}

		/** For an unknown environment variable, the known setting it probably means (dashes dropped). */
		String suggestEnv(List<String> el) {
			String squeezed = String.join("", el);
			for (String leaf : leaves) {
				if (leaf.replace(".", "").equals(squeezed)) {
					return leaf.toUpperCase(Locale.ROOT).replace('.', '_');
				}
			}
			return null;
		}

	}

}
