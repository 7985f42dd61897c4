package io.quantapilot.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inventories of real project trees before and after a "fix", and the findings between them: every way of
 * winning by weakening the tests that the issue names.
 */
class CheatDetectorUnitTests {

	private static final CheatDetector.RunCounts RAN_3 = new CheatDetector.RunCounts(3, 0);

	@TempDir
	Path project;

	@Test
	void countsTestsAssertionsAndSkipsPerLanguageIgnoringCommentedOutCode() {
		TestInventory.TestFile java = TestInventories.testFile("CalcTests.java", """
				class CalcTests {
					@Test
					void adds() { assertEquals(2, 1 + 1); assertThat(x).isTrue(); }
					// @Test void commented() { assertEquals(1, 1); }
					@ParameterizedTest
					@Disabled("flaky")
					void divides() { assertThrows(ArithmeticException.class, () -> 1 / 0); }
				}
				""");
		TestInventory.TestFile python = TestInventories.testFile("test_calc.py", """
				class CalcTests(unittest.TestCase):
				    def test_adds(self):
				        self.assertEqual(2, 1 + 1)
				    # def test_old(self):
				    @unittest.expectedFailure
				    def test_divides(self):
				        assert 1 / 1 == 1
				""");
		TestInventory.TestFile node = TestInventories.testFile("calc.test.js", """
				test('adds', () => { assert.strictEqual(1 + 1, 2); });
				test.skip('divides', () => { expect(1).toBe(1); });
				it('multiplies', { todo: true }, () => {});
				""");
		TestInventory.TestFile go = TestInventories.testFile("calc_test.go", """
				func TestAdd(t *testing.T) {
					if Add(1, 2) != 3 { t.Fatal("bad") }
				}
				func TestSkip(t *testing.T) { t.Skip("later") }
				""");

		assertThat(java).extracting(TestInventory.TestFile::cases, TestInventory.TestFile::assertions)
			.containsExactly(2, 3);
		assertThat(java.skips()).containsExactly("@Disabled");
		assertThat(python).extracting(TestInventory.TestFile::cases, TestInventory.TestFile::assertions)
			.containsExactly(2, 2);
		assertThat(python.skips()).containsExactly("@unittest.expectedFailure");
		assertThat(node).extracting(TestInventory.TestFile::cases, TestInventory.TestFile::assertions)
			.containsExactly(3, 2);
		assertThat(node.skips()).hasSize(2);
		assertThat(go).extracting(TestInventory.TestFile::cases, TestInventory.TestFile::assertions)
			.containsExactly(2, 1);
		assertThat(go.skips()).containsExactly("t.Skip(");
	}

	@Test
	void anUnchangedTreeAndAMovedTestFileAreNoCheating() throws IOException {
		write("tests/test_calc.py", PYTHON_TESTS);
		TestInventory before = TestInventories.scan(this.project);
		Files.createDirectories(this.project.resolve("tests/unit"));
		Files.move(this.project.resolve("tests/test_calc.py"), this.project.resolve("tests/unit/test_calc.py"));
		write("calc.py", "def add(a, b):\n    return a + b\n");

		assertThat(CheatDetector.compare(before, RAN_3, TestInventories.scan(this.project), RAN_3)).isEmpty();
	}

	@Test
	void deletingAFailingTestFileIsCaught() throws IOException {
		write("tests/test_calc.py", PYTHON_TESTS);
		write("tests/test_other.py", "def test_other():\n    assert True\n");
		TestInventory before = TestInventories.scan(this.project);
		Files.delete(this.project.resolve("tests/test_calc.py"));

		List<String> findings = CheatDetector.compare(before, RAN_3, TestInventories.scan(this.project),
				new CheatDetector.RunCounts(1, 0));

		assertThat(findings).contains("deleted test file tests/test_calc.py (2 tests, 3 assertions)",
				"tests declared in test files dropped from 3 to 1", "tests run dropped from 3 to 1");
	}

	@Test
	void skippingMarkingExpectedToFailAndWeakeningAssertionsAreCaught() throws IOException {
		write("tests/test_calc.py", PYTHON_TESTS);
		TestInventory before = TestInventories.scan(this.project);
		write("tests/test_calc.py", PYTHON_TESTS.replace("    def test_divides", "    @unittest.skip(\"later\")\n    def test_divides")
			.replace("        self.assertEqual(2, 1 / 0.5)\n", "")
			.replace("    def test_adds", "    @unittest.expectedFailure\n    def test_adds"));

		List<String> findings = CheatDetector.compare(before, RAN_3, TestInventories.scan(this.project),
				new CheatDetector.RunCounts(2, 1));

		assertThat(findings).contains("tests/test_calc.py: assertions reduced from 3 to 2",
				"skipped tests rose from 0 to 1");
		assertThat(findings).anySatisfy(finding -> assertThat(finding)
			.startsWith("tests/test_calc.py: skip or expected-failure markers added: ")
			.contains("@unittest.skip(\"later\")", "@unittest.expectedFailure"));
	}

	@Test
	void newTestFilesThatSkipAndJavaScriptSkipsAreCaught() throws IOException {
		write("package.json", "{\"scripts\":{\"test\":\"node --test\"}}");
		write("test/a.test.js", "test('a', () => { assert.ok(true); });\n");
		TestInventory before = TestInventories.scan(this.project);
		write("test/a.test.js", "test.skip('a', () => { assert.ok(true); });\n");
		write("test/b.test.js", "it.todo('b');\n");

		List<String> findings = CheatDetector.compare(before, RAN_3, TestInventories.scan(this.project), RAN_3);

		assertThat(findings).containsExactly("test/a.test.js: skip or expected-failure markers added: test.skip",
				"new test file test/b.test.js carries skip or expected-failure markers: it.todo");
	}

	@Test
	void touchingTheBuildsTestAndCoverageSettingsIsCaught() throws IOException {
		write("pom.xml", POM.formatted(""));
		write("package.json", "{\"name\":\"x\",\"scripts\":{\"test\":\"node --test\",\"start\":\"node .\"}}");
		write("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.pytest.ini_options]\naddopts = \"-q\"\n");
		TestInventory before = TestInventories.scan(this.project);
		// Unrelated edits of the same files are fine ...
		write("package.json", "{\"name\":\"x\",\"scripts\":{\"test\":\"node --test\",\"start\":\"node src\"}}");
		write("pyproject.toml", "[project]\nname = \"x\"\nversion = \"2\"\n\n[tool.pytest.ini_options]\naddopts = \"-q\"\n");
		assertThat(CheatDetector.compare(before, RAN_3, TestInventories.scan(this.project), RAN_3)).isEmpty();

		// ... test settings are not.
		write("pom.xml", POM.formatted("<configuration><testFailureIgnore>true</testFailureIgnore></configuration>"));
		write("package.json", "{\"name\":\"x\",\"scripts\":{\"test\":\"node --test || true\",\"start\":\"node src\"}}");
		write("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.pytest.ini_options]\naddopts = \"-q --deselect tests/test_a.py\"\n");
		write("conftest.py", "collect_ignore = ['tests/test_a.py']\n");

		List<String> findings = CheatDetector.compare(before, RAN_3, TestInventories.scan(this.project), RAN_3);

		assertThat(findings).hasSize(4);
		assertThat(findings.get(0)).startsWith("conftest.py: test or coverage settings added");
		assertThat(findings.get(1)).startsWith("package.json: test or coverage settings changed")
			.contains("node --test || true");
		assertThat(findings.get(2)).startsWith("pom.xml: test or coverage settings changed").contains("testFailureIgnore");
		assertThat(findings.get(3)).startsWith("pyproject.toml: test or coverage settings changed").contains("--deselect");
	}

	@Test
	void dependencyAndBuildDirectoriesAreNotTheProjectsTests() throws IOException {
		write("node_modules/lib/test/x.test.js", "test('x', () => {});\n");
		write("target/test-classes/FooTest.java", "@Test void x() {}\n");
		write("test/real.test.js", "test('x', () => {});\n");

		assertThat(TestInventories.scan(this.project).tests()).containsOnlyKeys("test/real.test.js");
	}

	private void write(String path, String content) throws IOException {
		Path file = this.project.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

	private static final String PYTHON_TESTS = """
			import unittest


			class CalcTests(unittest.TestCase):
			    def test_adds(self):
			        self.assertEqual(2, 1 + 1)

			    def test_divides(self):
			        self.assertEqual(2, 1 / 0.5)
			        self.assertRaises(ZeroDivisionError, lambda: 1 / 0)
			""";

	private static final String POM = """
			<project>
			  <build><plugins>
			    <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
			    <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.3</version>%s</plugin>
			  </plugins></build>
			</project>
			""";

}
