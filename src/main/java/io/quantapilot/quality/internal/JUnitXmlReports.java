package io.quantapilot.quality.internal;

import io.quantapilot.quality.TestFailure;
import io.quantapilot.quality.TestSummary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads JUnit XML reports as written by Maven Surefire, Gradle, pytest ({@code --junitxml}) and
 * the Node.js test runner's {@code junit} reporter: a {@code <testsuite>} or {@code <testsuites>}
 * root, suites possibly nested, and {@code <testcase>} elements with {@code <failure>},
 * {@code <error>} or {@code <skipped>} children.
 * <p>
 * Counts come from the test cases themselves rather than the suites' attributes, because nested
 * suites (Node.js) would otherwise be counted twice; suite attributes are only used for reports
 * that list no test cases. Parsing streams with the JDK's StAX parser, so reports with megabytes
 * of captured output stay cheap, and refuses DTDs and external entities: reports come from code
 * the platform does not trust.
 */
public final class JUnitXmlReports {

	/** Source tag of summaries built from JUnit XML. */
	public static final String SOURCE = "junit-xml";

	// Failure text beyond this is useless for a summary whose trace keeps 40 lines anyway.
	private static final int MAX_FAILURE_TEXT = 64 * 1024;

	private static final XMLInputFactory FACTORY = createFactory();

	private JUnitXmlReports() {
	}

	private static XMLInputFactory createFactory() {
		// newDefaultFactory: the JDK's own implementation, whatever else is on the class path.
		XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		factory.setProperty(XMLInputFactory.IS_COALESCING, true);
		return factory;
	}

	/**
	 * Parses the reports that can be read and adds them up; unreadable or foreign files are
	 * skipped, since a run killed mid-write leaves truncated reports behind.
	 *
	 * @param files candidate report files
	 * @return the combined summary, or empty when no file was a readable report
	 */
	public static Optional<TestSummary> summarize(Collection<Path> files) {
		TestSummary combined = null;
		for (Path file : files) {
			try {
				TestSummary summary = parse(file);
				combined = (combined == null) ? summary : combined.plus(summary);
			}
			catch (IOException ex) {
				// Not a report after all, or cut short; the other reports still count.
			}
		}
		return Optional.ofNullable(combined);
	}

	/**
	 * Parses one report file.
	 *
	 * @param file the report
	 * @return its summary
	 * @throws IOException when the file cannot be read or is not a JUnit XML report
	 */
	public static TestSummary parse(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return parse(in);
		}
	}

	/**
	 * Parses one report.
	 *
	 * @param in the report's bytes; not closed
	 * @return its summary
	 * @throws IOException when the stream cannot be read or is not a JUnit XML report
	 */
	public static TestSummary parse(InputStream in) throws IOException {
		XMLStreamReader reader = null;
		try {
			reader = FACTORY.createXMLStreamReader(in);
			return new ReportReader(reader).read();
		}
		catch (XMLStreamException ex) {
			throw new IOException("Not a well-formed JUnit XML report: " + ex.getMessage(), ex);
		}
		finally {
			if (reader != null) {
				try {
					reader.close();
				}
				catch (XMLStreamException ex) {
					// Closing only releases parser state; the stream belongs to the caller.
				}
			}
		}
	}

	private static int intAttribute(XMLStreamReader reader, String name) {
		String value = reader.getAttributeValue(null, name);
		if (value == null || value.isBlank()) {
			return 0;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String attribute(XMLStreamReader reader, String name) {
		String value = reader.getAttributeValue(null, name);
		return (value != null) ? value : "";
	}

	private enum Outcome {
		PASSED, FAILED, ERROR, SKIPPED
	}

	/** Streaming state for one report. */
	private static final class ReportReader {

		private final XMLStreamReader reader;

		private int cases;

		private int failed;

		private int errors;

		private int skipped;

		private final List<TestFailure> failures = new ArrayList<>();

		// Top-level suite attributes, only used when a report lists no test cases.
		private int suiteTests;

		private int suiteFailures;

		private int suiteErrors;

		private int suiteSkipped;

		private int suiteDepth;

		private boolean inCase;

		private String caseName;

		private Outcome outcome;

		private String message;

		private String type;

		private StringBuilder text;

		private boolean capturing;

		ReportReader(XMLStreamReader reader) {
			this.reader = reader;
		}

		TestSummary read() throws XMLStreamException, IOException {
			boolean rootSeen = false;
			while (this.reader.hasNext()) {
				int event = this.reader.next();
				if (event == XMLStreamConstants.START_ELEMENT) {
					String element = this.reader.getLocalName();
					if (!rootSeen) {
						rootSeen = true;
						if (!element.equals("testsuite") && !element.equals("testsuites")) {
							throw new IOException("Root element <" + element + "> is not <testsuite> or <testsuites>");
						}
					}
					startElement(element);
				}
				else if (event == XMLStreamConstants.END_ELEMENT) {
					endElement(this.reader.getLocalName());
				}
				else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)
						&& this.capturing && this.text.length() < MAX_FAILURE_TEXT) {
					this.text.append(this.reader.getText());
				}
			}
			if (!rootSeen) {
				throw new IOException("Empty report");
			}
			return summary();
		}

		private void startElement(String element) {
			switch (element) {
				case "testsuite" -> {
					if (this.suiteDepth == 0) {
						this.suiteTests += intAttribute(this.reader, "tests");
						this.suiteFailures += intAttribute(this.reader, "failures");
						this.suiteErrors += intAttribute(this.reader, "errors");
						this.suiteSkipped += intAttribute(this.reader, "skipped") + intAttribute(this.reader, "disabled");
					}
					this.suiteDepth++;
				}
				case "testcase" -> {
					this.inCase = true;
					String name = attribute(this.reader, "name");
					String className = attribute(this.reader, "classname");
					this.caseName = className.isBlank() ? name : className + "." + name;
					this.outcome = Outcome.PASSED;
				}
				case "failure", "error" -> {
					// The first failure or error decides; a skipped marker wins over both, as for
					// Node.js to-do tests, which report a failure but count as skipped.
					if (this.inCase && this.outcome == Outcome.PASSED) {
						this.outcome = element.equals("failure") ? Outcome.FAILED : Outcome.ERROR;
						this.message = attribute(this.reader, "message");
						this.type = attribute(this.reader, "type");
						this.text = new StringBuilder();
						this.capturing = true;
					}
				}
				case "skipped" -> {
					if (this.inCase) {
						this.outcome = Outcome.SKIPPED;
					}
				}
				default -> {
					// properties, system-out and the like carry nothing countable
				}
			}
		}

		private void endElement(String element) {
			switch (element) {
				case "testsuite" -> this.suiteDepth--;
				// Text after the failure element (system-out, for instance) is not part of it.
				case "failure", "error" -> this.capturing = false;
				case "testcase" -> endCase();
				default -> {
				}
			}
		}

		private void endCase() {
			if (!this.inCase) {
				return;
			}
			this.cases++;
			switch (this.outcome) {
				case FAILED -> {
					this.failed++;
					addFailure(TestFailure.Kind.FAILURE);
				}
				case ERROR -> {
					this.errors++;
					addFailure(TestFailure.Kind.ERROR);
				}
				case SKIPPED -> this.skipped++;
				default -> {
				}
			}
			this.inCase = false;
			this.text = null;
			this.capturing = false;
			this.message = null;
			this.type = null;
		}

		private void addFailure(TestFailure.Kind kind) {
			if (this.failures.size() >= TestSummary.MAX_FAILURES) {
				return;
			}
			String trace = (this.text != null) ? this.text.toString().strip() : "";
			String failureMessage = (this.message != null && !this.message.isBlank()) ? this.message
					: firstLine(trace);
			if (failureMessage.isBlank() && this.type != null) {
				failureMessage = this.type;
			}
			this.failures.add(new TestFailure(this.caseName, kind, failureMessage, trace));
		}

		private TestSummary summary() {
			if (this.cases == 0) {
				int passed = Math.max(0, this.suiteTests - this.suiteFailures - this.suiteErrors - this.suiteSkipped);
				return new TestSummary(this.suiteTests, passed, this.suiteFailures, this.suiteErrors, this.suiteSkipped,
						List.of(), SOURCE);
			}
			int passed = this.cases - this.failed - this.errors - this.skipped;
			return new TestSummary(this.cases, passed, this.failed, this.errors, this.skipped, this.failures, SOURCE);
		}

		private static String firstLine(String text) {
			for (String line : text.split("\\R")) {
				if (!line.isBlank()) {
					return line.strip();
				}
			}
			return "";
		}

	}

}
