package io.quantapilot.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real headless Chromium driven over chromedriver, both from the OS packages ({@code chromium},
 * {@code chromium-driver}; {@code .ci/run} installs them). Nothing is downloaded: the driver and the browser
 * are given by path, so Selenium Manager stays out. Each browser has its own fresh profile.
 */
final class Browser implements AutoCloseable {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	static final Dimension DESKTOP = new Dimension(1280, 800);

	static final Dimension PHONE = new Dimension(390, 844);

	static final int MAX_SHOT_HEIGHT = 6000;

	private static final String CHROMIUM = System.getProperty("qp.chromium", "/usr/bin/chromium");

	private static final String CHROMEDRIVER = System.getProperty("qp.chromedriver", "/usr/bin/chromedriver");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static String axeSource;

	private final ChromeDriver driver;

	private final Path profile;

	private final String baseUrl;

	Browser(String baseUrl) {
		this.baseUrl = baseUrl;
		if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
			throw new IllegalStateException("the dashboard's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
					+ ": apt-get install -y chromium chromium-driver (.ci/run does)");
		}
		try {
			this.profile = Files.createTempDirectory("qp-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--disable-extensions", "--user-data-dir=" + profile, "--window-size=1280,800", "--lang=en-US");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		size(DESKTOP);
	}

	WebDriver driver() {
		return driver;
	}

	void open(String path) {
		driver.get(baseUrl + path);
	}

	String path() {
		String url = driver.getCurrentUrl();
		return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
	}

	WebElement find(String css) {
		return driver.findElement(By.cssSelector(css));
	}

	List<WebElement> all(String css) {
		return driver.findElements(By.cssSelector(css));
	}

	String text(String css) {
		return find(css).getText().strip();
	}

	<T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
		// Live parts of a page are replaced while it is watched, so an element found a moment ago may be gone.
		return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).withMessage(what)
			.ignoring(StaleElementReferenceException.class)
			.until(condition);
	}

	Object script(String script, Object... args) {
		return ((JavascriptExecutor) driver).executeScript(script, args);
	}

	void signIn(String username, String password) {
		open("/signin");
		find("#username").clear();
		find("#username").sendKeys(username);
		find("#password").sendKeys(password);
		find("#signin-submit").click();
	}

	void signOutByForgettingCookies() {
		driver.manage().deleteAllCookies();
	}

	/**
	 * Emulates a screen of the given size (a phone gets its touch viewport) and lays the page out for it;
	 * the window itself stays desktop-sized in headless mode.
	 */
	void size(Dimension size) {
		boolean phone = size.getWidth() < 700;
		driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", size.getWidth(), "height",
				size.getHeight(), "deviceScaleFactor", phone ? 2 : 1, "mobile", phone));
	}

	/**
	 * Whole-page screenshots of the current page at desktop and phone widths, as {@code <name>-desktop.png} and
	 * {@code <name>-phone.png} (at most {@link #MAX_SHOT_HEIGHT} CSS pixels tall).
	 */
	void screenshots(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			for (Map.Entry<String, Dimension> size : List.of(Map.entry("desktop", DESKTOP), Map.entry("phone", PHONE))) {
				size(size.getValue());
				Number height = (Number) script("return Math.max(document.documentElement.scrollHeight, window.innerHeight)");
				Number width = (Number) script("return window.innerWidth");
				Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
						"captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width.intValue(), "height",
								Math.min(height.intValue(), MAX_SHOT_HEIGHT), "scale", 1)));
				Files.write(SCREENSHOTS.resolve(name + "-" + size.getKey() + ".png"),
						Base64.getDecoder().decode((String) shot.get("data")));
			}
			size(DESKTOP);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Elements that stick out to the right of a phone's screen (which makes the whole page scroll sideways or
	 * zoom out), described by tag, id and class; empty when the page fits.
	 */
	@SuppressWarnings("unchecked")
	List<String> overflowingOnAPhone() {
		size(PHONE);
		try {
			return (List<String>) script("""
					const width = arguments[0];
					const out = [];
					for (const el of document.querySelectorAll('body *')) {
					  const box = el.getBoundingClientRect();
					  let clipped = false;
					  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
					    const style = getComputedStyle(p);
					    if (style.overflowX !== 'visible' || style.position === 'absolute') { clipped = true; break; }
					  }
					  if (!clipped && box.width > 0 && box.right > width + 1) {
					    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + String(el.className).trim().replace(/\s+/g, '.') : '') + ' right=' + Math.round(box.right));
					  }
					}
					if (document.documentElement.scrollWidth > width + 1) {
					  out.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
					}
					return out.slice(0, 10);""", PHONE.getWidth());
		}
		finally {
			size(DESKTOP);
		}
	}

	/**
	 * Runs axe-core on the current page (WCAG 2 A and AA rules and best practices) and returns the violations
	 * of serious or critical impact, described for an assertion message.
	 */
	List<String> seriousAccessibilityViolations() {
		if (!Boolean.TRUE.equals(script("return typeof window.axe !== 'undefined'"))) {
			script(axe());
		}
		Object result = driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
				  .then(r => done(JSON.stringify(r.violations)))
				  .catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));""");
		JsonNode violations = JSON.readTree((String) result);
		List<String> serious = new java.util.ArrayList<>();
		for (JsonNode violation : violations) {
			String impact = violation.path("impact").asString();
			if ("serious".equals(impact) || "critical".equals(impact)) {
				StringBuilder nodes = new StringBuilder();
				for (JsonNode node : violation.path("nodes")) {
					nodes.append(' ').append(node.path("target").toString());
				}
				serious.add(violation.path("id").asString() + " (" + impact + "): " + violation.path("help").asString()
						+ " at" + nodes);
			}
		}
		return serious;
	}

	private static synchronized String axe() {
		if (axeSource == null) {
			try (InputStream in = Browser.class.getResourceAsStream("/axe/axe.min.js")) {
				axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return axeSource;
	}

	@Override
	public void close() {
		try {
			driver.quit();
		}
		finally {
			try (var walk = Files.walk(profile)) {
				walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
			catch (IOException ex) {
				// A leftover temporary profile does no harm.
			}
		}
	}

}
