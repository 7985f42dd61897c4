package io.quantapilot.notifications.web;

import java.util.Optional;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.identity.User;
import io.quantapilot.identity.UserService;
import io.quantapilot.notifications.email.DecisionLinks;
import io.quantapilot.projects.ProjectService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Where the one-click links of decision e-mails land. {@code GET} only shows what the link would do and a
 * form to confirm it — mail scanners and link previews follow links, so a GET must never decide.
 * {@code POST} (the form) uses the link once and decides as the person it was sent to, through the
 * {@code email} channel.
 */
@Controller
@ConditionalOnRole(Role.NOTIFICATIONS)
class EmailDecisionController {

	private static final Logger log = LoggerFactory.getLogger(EmailDecisionController.class);

	private final DecisionLinks links;

	private final DecisionService decisions;

	private final ProjectService projects;

	private final UserService users;

	private final TransactionTemplate tx;

	EmailDecisionController(DecisionLinks links, DecisionService decisions, ProjectService projects, UserService users,
			TransactionTemplate tx) {
		this.links = links;
		this.decisions = decisions;
		this.projects = projects;
		this.users = users;
		this.tx = tx;
	}

	/** A link that may still decide, with its decision and person. */
	private record Usable(DecisionLinks.Link link, Decision decision, User user, String projectName) {
	}

	@GetMapping("/notifications/decisions/{token}")
	ResponseEntity<String> confirm(@PathVariable String token) {
		Object checked = check(token);
		if (checked instanceof ResponseEntity<?> refusal) {
			return cast(refusal);
		}
		Usable usable = (Usable) checked;
		String action = usable.link().action();
		String verb = "approve".equals(action) ? "Approve" : "Reject";
		String body = "<h1>" + verb + " the " + label(usable.decision()) + "?</h1>"
				+ "<p>Project <strong>" + escape(usable.projectName()) + "</strong>, decision <code>"
				+ usable.decision().id() + "</code>.</p>"
				+ "<p>You are answering as <strong>" + escape(usable.user().username())
				+ "</strong>. Nothing is decided until you confirm.</p>"
				+ "<form method=\"post\"><p><label for=\"comments\">" + ("reject".equals(action) ? "Reason" : "Comments")
				+ " (optional)</label><br><textarea id=\"comments\" name=\"comments\" rows=\"4\" cols=\"60\" "
				+ "maxlength=\"20000\"></textarea></p><p><button type=\"submit\">Confirm: " + verb.toLowerCase()
				+ "</button></p></form>";
		return page(HttpStatus.OK, verb + " — QuantaPilot", body);
	}

	@PostMapping("/notifications/decisions/{token}")
	ResponseEntity<String> decide(@PathVariable String token, @RequestParam(required = false) String comments) {
		Object checked = check(token);
		if (checked instanceof ResponseEntity<?> refusal) {
			return cast(refusal);
		}
		Usable usable = (Usable) checked;
		String note = comments != null && !comments.isBlank() ? comments.strip() : null;
		Decision decided;
		try {
			decided = tx.execute(status -> {
				if (!links.use(usable.link().nonce())) {
					return null;
				}
				return decisions.decide(usable.decision().id(), usable.link().action(), note, null,
						usable.user().username(), "email");
			});
		}
		catch (QuantaPilotException.Conflict ex) {
			return alreadyDecided(decisions.get(usable.decision().id()));
		}
		catch (QuantaPilotException ex) {
			return page(HttpStatus.BAD_REQUEST, "Not decided — QuantaPilot",
					"<h1>Not decided</h1><p>" + escape(ex.getMessage()) + "</p>");
		}
		if (decided == null) {
			return used(decisions.get(usable.decision().id()));
		}
		log.info("Decision {} {} by {} through an e-mail link", decided.id(), decided.status().wireName(),
				usable.user().username());
		return page(HttpStatus.OK, "Done — QuantaPilot",
				"<h1>" + ("approve".equals(usable.link().action()) ? "Approved" : "Rejected") + "</h1><p>The "
						+ label(decided) + " of <strong>" + escape(usable.projectName()) + "</strong> is "
						+ decided.status().wireName() + " by " + escape(decided.decidedBy())
						+ ". You can close this page.</p>");
	}

	/** The usable link, or the page that says why it cannot be used. */
	private Object check(String token) {
		Optional<DecisionLinks.Link> found = links.find(token);
		if (found.isEmpty()) {
			return page(HttpStatus.NOT_FOUND, "Link not valid — QuantaPilot", "<h1>This link is not valid</h1>"
					+ "<p>It is incomplete, altered or expired. Answer the decision in QuantaPilot instead.</p>");
		}
		DecisionLinks.Link link = found.get();
		Decision decision;
		try {
			decision = decisions.get(link.decisionId());
		}
		catch (QuantaPilotException.NotFound ex) {
			return page(HttpStatus.NOT_FOUND, "Unknown decision — QuantaPilot", "<h1>This decision no longer exists</h1>");
		}
		if (link.usedAt() != null) {
			return used(decision);
		}
		if (decision.status() != DecisionStatus.PENDING) {
			return alreadyDecided(decision);
		}
		Optional<User> user = users.find(link.userId());
		if (user.isEmpty() || !user.get().role().canSteer()) {
			return page(HttpStatus.FORBIDDEN, "Not allowed — QuantaPilot",
					"<h1>Not allowed</h1><p>The person this link was sent to may no longer answer decisions.</p>");
		}
		return new Usable(link, decision, user.get(), projects.get(decision.projectId()).name());
	}

	private ResponseEntity<String> alreadyDecided(Decision decision) {
		String by = decision.decidedBy() != null ? " by <strong>" + escape(decision.decidedBy()) + "</strong>" : "";
		String via = decision.decidedVia() != null ? " via " + escape(decision.decidedVia()) : "";
		String at = decision.decidedAt() != null ? " at " + decision.decidedAt() : "";
		return page(HttpStatus.CONFLICT, "Already decided — QuantaPilot", "<h1>Already decided</h1><p>The "
				+ label(decision) + " was " + decision.status().wireName().replace('_', ' ') + by + via + at + ".</p>");
	}

	private static ResponseEntity<String> used(Decision decision) {
		return page(HttpStatus.GONE, "Link used — QuantaPilot", "<h1>This link was already used</h1><p>Each link "
				+ "works once. The " + label(decision) + " is " + decision.status().wireName().replace('_', ' ')
				+ (decision.decidedBy() != null ? " by <strong>" + escape(decision.decidedBy()) + "</strong>" : "")
				+ ".</p>");
	}

	private static String label(Decision decision) {
		return decision.type().wireName().replace('_', ' ');
	}

	@SuppressWarnings("unchecked")
	private static ResponseEntity<String> cast(ResponseEntity<?> response) {
		return (ResponseEntity<String>) response;
	}

	/** A small self-contained page; the token in the URL must not leak through referrers or caches. */
	private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
		String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
				+ "</title><style>body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:640px;"
				+ "margin:40px auto;padding:0 16px;color:#1f2328}button{padding:10px 18px;font-size:16px}"
				+ "code{background:#f6f8fa;padding:2px 4px}</style></head><body>" + body + "</body></html>";
		return ResponseEntity.status(status)
			.contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.header("Referrer-Policy", "no-referrer")
			.header("X-Frame-Options", "DENY")
			.header("X-Robots-Tag", "noindex, nofollow")
			.header("Content-Security-Policy",
					"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
			.body(html);
	}

	private static String escape(String text) {
		if (text == null) {
			return "";
		}
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
			.replace("'", "&#39;");
	}

}
