package io.quantapilot.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes tiny real projects for the runner tests: each has one passing and one failing test, so
 * counts and failure names can be checked against what the real tool reports.
 */
final class SampleProjects {

	private SampleProjects() {
	}

	/** A unittest project: tests/test_sample.py with a passing and a failing test. */
	static Path python(Path dir) throws IOException {
		Files.createDirectories(dir.resolve("tests"));
		Files.writeString(dir.resolve("requirements.txt"), "");
		Files.writeString(dir.resolve("tests/test_sample.py"), """
				import unittest


				class SampleTests(unittest.TestCase):
				    def test_passes(self):
				        self.assertEqual(2, 1 + 1)

				    def test_fails(self):
				        self.assertEqual(3, 1 + 1, "arithmetic is broken")
				""");
		return dir;
	}

	/** A unittest project whose only test passes. */
	static Path greenPython(Path dir) throws IOException {
		Files.createDirectories(dir.resolve("tests"));
		Files.writeString(dir.resolve("requirements.txt"), "");
		Files.writeString(dir.resolve("tests/test_green.py"), """
				import unittest


				class GreenTests(unittest.TestCase):
				    def test_passes(self):
				        self.assertTrue(True)
				""");
		return dir;
	}

	/** A Node.js project using the built-in test runner. */
	static Path node(Path dir) throws IOException {
		Files.createDirectories(dir.resolve("test"));
		Files.writeString(dir.resolve("package.json"), """
				{ "name": "sample", "version": "1.0.0", "private": true, "scripts": { "test": "node --test" } }
				""");
		Files.writeString(dir.resolve("test/math.test.js"), """
				const test = require('node:test');
				const assert = require('node:assert');

				test('adds', () => {
				  assert.strictEqual(1 + 1, 2);
				});

				test('multiplies wrongly', () => {
				  assert.strictEqual(2 * 2, 5);
				});
				""");
		return dir;
	}

	/**
	 * A Maven project with JUnit Jupiter. Versions match the platform's own build, so the local
	 * repository already holds them and the run needs no downloads.
	 */
	static Path maven(Path dir) throws IOException {
		Path tests = Files.createDirectories(dir.resolve("src/test/java/demo"));
		Files.writeString(dir.resolve("pom.xml"), """
				<?xml version="1.0" encoding="UTF-8"?>
				<project xmlns="http://maven.apache.org/POM/4.0.0">
				  <modelVersion>4.0.0</modelVersion>
				  <groupId>demo</groupId>
				  <artifactId>demo</artifactId>
				  <version>1.0</version>
				  <properties>
				    <maven.compiler.release>17</maven.compiler.release>
				    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
				  </properties>
				  <dependencies>
				    <dependency>
				      <groupId>org.junit.jupiter</groupId>
				      <artifactId>junit-jupiter</artifactId>
				      <version>6.0.3</version>
				      <scope>test</scope>
				    </dependency>
				  </dependencies>
				  <build>
				    <plugins>
				      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
				      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.1</version></plugin>
				      <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.6</version></plugin>
				    </plugins>
				  </build>
				</project>
				""");
		Files.writeString(tests.resolve("CalculatorTest.java"), """
				package demo;

				import static org.junit.jupiter.api.Assertions.assertEquals;

				import org.junit.jupiter.api.Disabled;
				import org.junit.jupiter.api.Test;

				class CalculatorTest {

					@Test
					void adds() {
						assertEquals(2, 1 + 1);
					}

					@Test
					void subtractsWrongly() {
						assertEquals(5, 3 - 1, "subtraction is broken");
					}

					@Test
					@Disabled("not yet")
					void divides() {
					}

				}
				""");
		return dir;
	}

}
