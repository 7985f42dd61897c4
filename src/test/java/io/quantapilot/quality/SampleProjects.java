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


	/**
	 * A Maven project whose build writes a JaCoCo report, as the offline templates set it up: a
	 * calculator with every line tested, so coverage is 100 %.
	 */
	static Path mavenWithJacoco(Path dir) throws IOException {
		Path main = Files.createDirectories(dir.resolve("src/main/java/demo"));
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
				      <plugin>
				        <groupId>org.jacoco</groupId>
				        <artifactId>jacoco-maven-plugin</artifactId>
				        <version>0.8.13</version>
				        <executions>
				          <execution><id>prepare-agent</id><goals><goal>prepare-agent</goal></goals></execution>
				          <execution><id>report</id><phase>test</phase><goals><goal>report</goal></goals></execution>
				        </executions>
				      </plugin>
				    </plugins>
				  </build>
				</project>
				""");
		Files.writeString(main.resolve("Calculator.java"), """
				package demo;

				public final class Calculator {

					public int add(int a, int b) {
						return a + b;
					}

					public int divide(int a, int b) {
						if (b == 0) {
							throw new ArithmeticException("division by zero");
						}
						return a / b;
					}

				}
				""");
		Files.writeString(tests.resolve("CalculatorTest.java"), """
				package demo;

				import static org.junit.jupiter.api.Assertions.assertEquals;
				import static org.junit.jupiter.api.Assertions.assertThrows;

				import org.junit.jupiter.api.Test;

				class CalculatorTest {

					@Test
					void adds() {
						assertEquals(3, new Calculator().add(1, 2));
					}

					@Test
					void divides() {
						assertEquals(2, new Calculator().divide(6, 3));
						assertThrows(ArithmeticException.class, () -> new Calculator().divide(1, 0));
					}

				}
				""");
		return dir;
	}

	/**
	 * A Node.js project whose tests pass but exercise one of four functions: line coverage far
	 * below 80 %.
	 */
	static Path nodeBarelyCovered(Path dir) throws IOException {
		Files.createDirectories(dir.resolve("src"));
		Files.createDirectories(dir.resolve("test"));
		Files.writeString(dir.resolve("package.json"), """
				{ "name": "sample", "version": "1.0.0", "private": true, "scripts": { "test": "node --test" } }
				""");
		Files.writeString(dir.resolve("src/calc.js"), """
				function add(a, b) {
				  return a + b;
				}

				function subtract(a, b) {
				  const difference = a - b;
				  return difference;
				}

				function multiply(a, b) {
				  let product = 0;
				  for (let i = 0; i < b; i++) {
				    product += a;
				  }
				  return product;
				}

				function divide(a, b) {
				  if (b === 0) {
				    throw new Error('division by zero');
				  }
				  return a / b;
				}

				module.exports = { add, subtract, multiply, divide };
				""");
		Files.writeString(dir.resolve("test/calc.test.js"), """
				const test = require('node:test');
				const assert = require('node:assert');
				const { add } = require('../src/calc.js');

				test('adds', () => {
				  assert.strictEqual(add(1, 2), 3);
				});
				""");
		return dir;
	}

	/** A Node.js project with a passing test file and a failing one. */
	static Path nodeWithAFailingFile(Path dir) throws IOException {
		Files.createDirectories(dir.resolve("test"));
		Files.writeString(dir.resolve("package.json"), """
				{ "name": "sample", "version": "1.0.0", "private": true, "scripts": { "test": "node --test" } }
				""");
		Files.writeString(dir.resolve("test/adds.test.js"), """
				const test = require('node:test');
				const assert = require('node:assert');

				test('adds', () => {
				  assert.strictEqual(1 + 1, 2);
				});
				""");
		Files.writeString(dir.resolve("test/multiplies.test.js"), """
				const test = require('node:test');
				const assert = require('node:assert');

				test('multiplies', () => {
				  assert.strictEqual(2 * 2, 5);
				});
				""");
		return dir;
	}

	/** A unittest project whose only test outlives any sensible time limit. */
	static Path slowPython(Path dir) throws IOException {
		Files.createDirectories(dir.resolve("tests"));
		Files.writeString(dir.resolve("requirements.txt"), "");
		Files.writeString(dir.resolve("tests/test_slow.py"), """
				import time
				import unittest


				class SlowTests(unittest.TestCase):
				    def test_waits(self):
				        time.sleep(60)
				        self.assertTrue(True)
				""");
		return dir;
	}

	/**
	 * A unittest project whose tests reach for what the sandbox withholds: a service on the
	 * loopback interface, and a file outside the project.
	 */
	static Path pythonReachingOut(Path dir, int port, Path outside) throws IOException {
		Files.createDirectories(dir.resolve("tests"));
		Files.writeString(dir.resolve("requirements.txt"), "");
		Files.writeString(dir.resolve("tests/test_reach.py"), """
				import socket
				import unittest


				class ReachTests(unittest.TestCase):
				    def test_network(self):
				        socket.create_connection(("127.0.0.1", %d), timeout=5).close()

				    def test_write_outside(self):
				        with open("%s", "w") as f:
				            f.write("escaped")

				    def test_write_inside(self):
				        with open("inside.txt", "w") as f:
				            f.write("fine")
				""".formatted(port, outside));
		return dir;
	}

}
