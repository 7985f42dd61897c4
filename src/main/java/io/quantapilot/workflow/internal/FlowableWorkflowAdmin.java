package io.quantapilot.workflow.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.AuditLog;
import io.quantapilot.workflow.WorkflowAdmin;
import org.flowable.bpmn.exceptions.XMLException;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.job.api.Job;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** {@link WorkflowAdmin} on Flowable's repository and management services and the work items table. */
@Service
class FlowableWorkflowAdmin implements WorkflowAdmin {

	/** Where the build's definitions are; the same location the engine auto-deploys from. */
	static final String DEFINITIONS = "classpath*:/processes/*.bpmn20.xml";

	/** Retries a dead-letter job gets when moved back; the engine's default for a new job. */
	private static final int RETRIES = 3;

	private final RepositoryService repository;

	private final ManagementService management;

	private final RuntimeService runtime;

	private final JdbcClient jdbc;

	private final AuditLog audit;

	FlowableWorkflowAdmin(RepositoryService repository, ManagementService management, RuntimeService runtime,
			JdbcClient jdbc, AuditLog audit) {
		this.repository = repository;
		this.management = management;
		this.runtime = runtime;
		this.jdbc = jdbc;
		this.audit = audit;
	}

	@Override
	public Verification verify() {
		List<DefinitionCheck> checks = new ArrayList<>();
		for (Map.Entry<String, String> shipped : shipped().entrySet()) {
			String key = processKey(shipped.getValue());
			ProcessDefinition deployed = latest(key);
			if (deployed == null) {
				checks.add(new DefinitionCheck(shipped.getKey(), key, 0, "missing"));
				continue;
			}
			String xml = resource(deployed);
			checks.add(new DefinitionCheck(shipped.getKey(), key, deployed.getVersion(),
					shipped.getValue().equals(xml) ? "match" : "differs"));
		}
		List<FailedJob> dead = deadLetters();
		boolean ok = dead.isEmpty() && checks.stream().allMatch(c -> "match".equals(c.status()));
		return new Verification(ok, checks, dead);
	}

	@Override
	public List<Definition> definitions() {
		return repository.createProcessDefinitionQuery()
			.latestVersion()
			.orderByProcessDefinitionKey()
			.asc()
			.list()
			.stream()
			.map(d -> new Definition(fileName(d.getResourceName()), d.getKey(), d.getVersion(), resource(d)))
			.toList();
	}

	@Override
	public Definition importDefinition(String resourceName, String xml, String actor) {
		if (resourceName == null || !resourceName.matches("[A-Za-z0-9._-]+\\.bpmn20\\.xml")) {
			throw new QuantaPilotException.InvalidRequest("name",
					"name must be a file name ending in .bpmn20.xml (letters, digits, . _ -)");
		}
		if (xml == null || xml.isBlank()) {
			throw new QuantaPilotException.InvalidRequest("xml", "xml is required");
		}
		wellFormed(xml);
		List<String> known = shipped().values().stream().map(FlowableWorkflowAdmin::processKey).toList();
		Deployment deployment;
		try {
			deployment = repository.createDeployment()
				.name("quantapilot-import")
				.category("import")
				.addString(resourceName, xml)
				.deploy();
		}
		catch (FlowableException | XMLException ex) {
			throw new QuantaPilotException.InvalidRequest("xml",
					"the definition does not deploy: " + firstLine(ex.getMessage()));
		}
		List<ProcessDefinition> definitions = repository.createProcessDefinitionQuery()
			.deploymentId(deployment.getId())
			.list();
		if (definitions.size() != 1 || !known.contains(definitions.get(0).getKey())) {
			repository.deleteDeployment(deployment.getId(), false);
			throw new QuantaPilotException.InvalidRequest("xml", "the definition must hold exactly one process "
					+ "with a key this build runs " + known + "; found "
					+ definitions.stream().map(ProcessDefinition::getKey).toList());
		}
		ProcessDefinition definition = definitions.get(0);
		audit.record(actor, "workflow.definition_imported", "process_definition", definition.getId(),
				Map.of("key", definition.getKey(), "version", definition.getVersion(), "resource", resourceName));
		return new Definition(resourceName, definition.getKey(), definition.getVersion(), xml);
	}

	@Override
	public Stuck stuck(Duration olderThan) {
		return new Stuck(deadLetters(), expiredWorkItems(olderThan));
	}

	@Override
	@Transactional
	public Stuck retryStuck(Duration olderThan, String actor) {
		Stuck stuck = stuck(olderThan);
		for (FailedJob job : stuck.deadLetterJobs()) {
			management.moveDeadLetterJobToExecutableJob(job.jobId(), RETRIES);
			audit.record(actor, "workflow.job_retried", "job", job.jobId(),
					Map.of("project_id", String.valueOf(job.projectId()), "activity", String.valueOf(job.activityId())));
		}
		for (StuckWorkItem item : stuck.expiredWorkItems()) {
			// Guarded by the owner seen above: a worker that took the item over in between keeps it. A hung
			// worker still holding it loses the lease at its next heartbeat and interrupts its run.
			jdbc.sql("""
					UPDATE work_items SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL,
					    claimed_at = NULL, available_at = now(), updated_at = now()
					WHERE id = :id AND status = 'running' AND lease_owner IS NOT DISTINCT FROM :owner""")
				.param("id", item.id())
				.param("owner", item.leaseOwner())
				.update();
			audit.record(actor, "workflow.work_item_requeued", "work_item", item.id().toString(),
					Map.of("step_key", item.stepKey(), "lease_owner", String.valueOf(item.leaseOwner())));
		}
		return stuck;
	}

	private List<FailedJob> deadLetters() {
		List<FailedJob> jobs = new ArrayList<>();
		for (Job job : management.createDeadLetterJobQuery().orderByJobCreateTime().asc().list()) {
			String projectId = null;
			if (job.getProcessInstanceId() != null) {
				ProcessInstance instance = runtime.createProcessInstanceQuery()
					.processInstanceId(job.getProcessInstanceId())
					.singleResult();
				projectId = instance != null ? instance.getBusinessKey() : null;
			}
			jobs.add(new FailedJob(job.getId(), projectId, job.getProcessInstanceId(), job.getElementId(),
					firstLine(job.getExceptionMessage()), job.getCreateTime() != null ? job.getCreateTime().toInstant() : null));
		}
		return jobs;
	}

	private List<StuckWorkItem> expiredWorkItems(Duration olderThan) {
		return jdbc.sql("""
				SELECT id, project_id, step_key, lease_owner, claimed_at, lease_expires_at FROM work_items
				WHERE status = 'running' AND NOT held
				  AND (claimed_at < now() - make_interval(secs => :age)
				       OR lease_expires_at < now() - make_interval(secs => :age))
				ORDER BY coalesce(claimed_at, lease_expires_at)""")
			.param("age", (double) olderThan.toSeconds())
			.query((rs, n) -> new StuckWorkItem(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
					rs.getString("step_key"), rs.getString("lease_owner"), instant(rs.getTimestamp("claimed_at")),
					rs.getTimestamp("lease_expires_at").toInstant()))
			.list();
	}

	private static java.time.Instant instant(java.sql.Timestamp timestamp) {
		return timestamp != null ? timestamp.toInstant() : null;
	}

	private ProcessDefinition latest(String key) {
		return repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
	}

	private String resource(ProcessDefinition definition) {
		try (InputStream in = repository.getResourceAsStream(definition.getDeploymentId(),
				definition.getResourceName())) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new QuantaPilotException("cannot read the deployed definition " + definition.getId());
		}
	}

	/** The build's definitions by file name. */
	static Map<String, String> shipped() {
		Map<String, String> definitions = new LinkedHashMap<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver().getResources(DEFINITIONS)) {
				try (InputStream in = resource.getInputStream()) {
					definitions.put(resource.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
				}
			}
		}
		catch (IOException ex) {
			throw new QuantaPilotException("cannot read the build's process definitions: " + ex.getMessage());
		}
		return definitions;
	}

	/** The {@code id} of the first {@code process} element. */
	static String processKey(String xml) {
		var matcher = java.util.regex.Pattern.compile("<(?:\\w+:)?process\\s[^>]*\\bid=\"([^\"]+)\"").matcher(xml);
		return matcher.find() ? matcher.group(1) : "";
	}

	/** A malformed document is refused before the engine sees it (no DTDs, so no external entities). */
	private static void wellFormed(String xml) {
		try {
			javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setNamespaceAware(true);
			javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(null);
			builder.parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
		}
		catch (org.xml.sax.SAXParseException ex) {
			throw new QuantaPilotException.InvalidRequest("xml", "the definition does not deploy: not well-formed XML "
					+ "at line " + ex.getLineNumber() + ": " + ex.getMessage());
		}
		catch (org.xml.sax.SAXException | IOException | javax.xml.parsers.ParserConfigurationException ex) {
			throw new QuantaPilotException.InvalidRequest("xml", "the definition does not deploy: " + ex.getMessage());
		}
	}

	private static String fileName(String resourceName) {
		String name = resourceName.replace('\\', '/');
		return name.substring(name.lastIndexOf('/') + 1);
	}

	private static String firstLine(String message) {
		if (message == null) {
			return null;
		}
		String line = message.lines().findFirst().orElse("");
		return line.length() > 500 ? line.substring(0, 500) + "…" : line;
	}

}
