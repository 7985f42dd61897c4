package io.quantapilot.quality.internal;

import io.quantapilot.quality.Coverage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads coverage reports into a {@link Coverage}: JaCoCo XML, Cobertura XML (coverage.py's
 * {@code coverage xml}, c8, Istanbul, gcovr), lcov tracefiles (the Node.js test runner's
 * {@code lcov} reporter, c8, Istanbul) and Go cover profiles ({@code go test -coverprofile}).
 * <p>
 * The format is recognised from the content, not the file name. Where a report lists files, test
 * sources and dependencies are left out (see {@link TestFiles}); JaCoCo and Go only ever report
 * production code. XML is parsed without DTDs or external entities (JaCoCo's reports declare a
 * DOCTYPE; it is skipped, never fetched): reports come from code the platform does not trust.
 */
public final class CoverageReports {

	/** Format names, also the order of preference when one run left several kinds of report. */
	public static final List<String> FORMATS = List.of("jacoco", "cobertura", "lcov", "go");

	private static final XMLInputFactory FACTORY = createFactory();

	// Reports are small; anything bigger is not one we can trust to parse cheaply.
	private static final long MAX_REPORT_BYTES = 64L * 1024 * 1024;

	private CoverageReports() {
	}

	private static XMLInputFactory createFactory() {
		XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		return factory;
	}

	/**
	 * Reads the readable reports among the files and combines them. When one run left reports in
	 * several formats (c8 writes lcov and Cobertura of the same run), only the preferred format
	 * counts, so that no line is counted twice; reports of one format add up (one per module).
	 *
	 * @param files candidate report files
	 * @return the coverage, or empty when no file was a readable report
	 */
	public static Optional<Coverage> read(Collection<Path> files) {
		Map<String, Coverage> byFormat = new HashMap<>();
		for (Path file : files) {
			try {
				Coverage coverage = parse(file);
				byFormat.merge(coverage.format(), coverage, Coverage::plus);
			}
			catch (IOException ex) {
				// Not a coverage report after all, or cut short by a killed run: the others count.
			}
		}
		return FORMATS.stream().filter(byFormat::containsKey).map(byFormat::get).findFirst();
	}

	/**
	 * Parses one report of any supported format.
	 *
	 * @param file the report
	 * @return its coverage
	 * @throws IOException when the file cannot be read or is no supported report
	 */
	public static Coverage parse(Path file) throws IOException {
		if (Files.size(file) > MAX_REPORT_BYTES) {
			throw new IOException("Report larger than " + MAX_REPORT_BYTES + " bytes: " + file);
		}
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(512);
		}
		String start = new String(head, StandardCharsets.UTF_8).stripLeading();
		if (start.startsWith("<")) {
			try (InputStream in = Files.newInputStream(file)) {
				return xml(in);
			}
		}
		if (start.startsWith("mode:")) {
			try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				return goProfile(reader);
			}
		}
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return lcov(reader);
		}
	}

	/**
	 * Parses a JaCoCo or Cobertura XML report.
	 *
	 * @param in the report; not closed
	 * @return its coverage
	 * @throws IOException when it is neither
	 */
	public static Coverage xml(InputStream in) throws IOException {
		XMLStreamReader reader = null;
		try {
			reader = FACTORY.createXMLStreamReader(in);
			while (reader.hasNext()) {
				if (reader.next() == XMLStreamConstants.START_ELEMENT) {
					return switch (reader.getLocalName()) {
						case "report" -> jacoco(reader);
						case "coverage" -> cobertura(reader);
						default -> throw new IOException("Root element <" + reader.getLocalName()
								+ "> is neither a JaCoCo <report> nor a Cobertura <coverage>");
					};
				}
			}
			throw new IOException("Empty report");
		}
		catch (XMLStreamException ex) {
			throw new IOException("Not a well-formed coverage report: " + ex.getMessage(), ex);
		}
		finally {
			if (reader != null) {
				try {
					reader.close();
				}
				catch (XMLStreamException ex) {
					// Closing releases parser state only; the stream belongs to the caller.
				}
			}
		}
	}

	// The report's own LINE counter (a direct child of <report>) already sums every package and
	// group; JaCoCo reports production classes only.
	private static Coverage jacoco(XMLStreamReader reader) throws XMLStreamException, IOException {
		int depth = 1;
		while (reader.hasNext()) {
			int event = reader.next();
			if (event == XMLStreamConstants.START_ELEMENT) {
				depth++;
				if (depth == 2 && reader.getLocalName().equals("counter")
						&& "LINE".equals(reader.getAttributeValue(null, "type"))) {
					int missed = intAttribute(reader, "missed");
					int covered = intAttribute(reader, "covered");
					return Coverage.of("jacoco", covered, covered + missed);
				}
			}
			else if (event == XMLStreamConstants.END_ELEMENT) {
				depth--;
			}
		}
		// A report of a project without classes has no counters at all.
		return Coverage.of("jacoco", 0, 0);
	}

	// Lines are read per class rather than from the root's totals, so that test sources can be
	// left out; lines under <methods> repeat the class's lines and are skipped.
	private static Coverage cobertura(XMLStreamReader reader) throws XMLStreamException {
		Map<String, Boolean> lines = new LinkedHashMap<>();
		String file = null;
		boolean counted = false;
		int methodsDepth = 0;
		while (reader.hasNext()) {
			int event = reader.next();
			if (event == XMLStreamConstants.START_ELEMENT) {
				switch (reader.getLocalName()) {
					case "class" -> {
						String filename = reader.getAttributeValue(null, "filename");
						file = filename != null ? filename : reader.getAttributeValue(null, "name");
						counted = file != null && !TestFiles.isTestSource(file) && !TestFiles.isForeign(file);
					}
					case "methods" -> methodsDepth++;
					case "line" -> {
						if (counted && methodsDepth == 0) {
							boolean hit = longAttribute(reader, "hits") > 0;
							lines.merge(file + ":" + reader.getAttributeValue(null, "number"), hit, Boolean::logicalOr);
						}
					}
					default -> {
					}
				}
			}
			else if (event == XMLStreamConstants.END_ELEMENT) {
				switch (reader.getLocalName()) {
					case "methods" -> methodsDepth--;
					case "class" -> file = null;
					default -> {
					}
				}
			}
		}
		return count("cobertura", lines);
	}

	/**
	 * Parses an lcov tracefile.
	 *
	 * @param reader the tracefile; not closed
	 * @return its coverage
	 * @throws IOException when it holds no {@code SF:} record
	 */
	public static Coverage lcov(BufferedReader reader) throws IOException {
		Map<String, Boolean> lines = new LinkedHashMap<>();
		String file = null;
		boolean counted = false;
		boolean sawFile = false;
		String line;
		while ((line = reader.readLine()) != null) {
			if (line.startsWith("SF:")) {
				file = line.substring(3).strip();
				sawFile = true;
				counted = !TestFiles.isTestSource(file) && !TestFiles.isForeign(file);
			}
			else if (line.startsWith("DA:") && counted) {
				String[] parts = line.substring(3).split(",");
				if (parts.length >= 2) {
					lines.merge(file + ":" + parts[0].strip(), parseLong(parts[1]) > 0, Boolean::logicalOr);
				}
			}
			else if (line.equals("end_of_record")) {
				file = null;
				counted = false;
			}
		}
		if (!sawFile) {
			throw new IOException("Not an lcov tracefile: no SF: record");
		}
		return count("lcov", lines);
	}

	/**
	 * Parses a Go cover profile. A block listed several times (profiles of several packages
	 * built with {@code -coverpkg}) counts once, covered if any listing covered it.
	 *
	 * @param reader the profile; not closed
	 * @return its coverage, in statements
	 * @throws IOException when the first line is not a {@code mode:} line
	 */
	public static Coverage goProfile(BufferedReader reader) throws IOException {
		String first = reader.readLine();
		if (first == null || !first.startsWith("mode:")) {
			throw new IOException("Not a Go cover profile: no mode line");
		}
		Map<String, long[]> blocks = new HashMap<>();
		String line;
		while ((line = reader.readLine()) != null) {
			// file.go:12.34,15.2 3 1  — the file name may itself contain spaces, so split from the right.
			String[] parts = line.strip().split(" ");
			if (parts.length < 3 || line.startsWith("mode:")) {
				continue;
			}
			String block = String.join(" ", Arrays.copyOfRange(parts, 0, parts.length - 2));
			long statements = parseLong(parts[parts.length - 2]);
			long count = parseLong(parts[parts.length - 1]);
			blocks.merge(block, new long[] { statements, count },
					(a, b) -> new long[] { Math.max(a[0], b[0]), Math.max(a[1], b[1]) });
		}
		long total = 0;
		long covered = 0;
		for (long[] block : blocks.values()) {
			total += block[0];
			covered += block[1] > 0 ? block[0] : 0;
		}
		return Coverage.of("go", (int) covered, (int) total);
	}

	private static Coverage count(String format, Map<String, Boolean> lines) {
		int covered = (int) lines.values().stream().filter(Boolean::booleanValue).count();
		return Coverage.of(format, covered, lines.size());
	}

	private static int intAttribute(XMLStreamReader reader, String name) {
		return (int) longAttribute(reader, name);
	}

	private static long longAttribute(XMLStreamReader reader, String name) {
		String value = reader.getAttributeValue(null, name);
		return value == null ? 0 : parseLong(value);
	}

	private static long parseLong(String value) {
		try {
			// Some tools write counts as decimals ("1.0"); a negative count means nothing ran.
			return Math.max(0, (long) Double.parseDouble(value.strip()));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
