package io.quantapilot.agents.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/** The JSON Schema of {@code .quantapilot/plan.json}, shipped in the jar ({@code agents/plan.schema.json}). */
@Component
public class PlanSchema {

	private final Schema schema;

	PlanSchema() {
		try (InputStream in = PlanSchema.class.getResourceAsStream("/agents/plan.schema.json")) {
			if (in == null) {
				throw new IllegalStateException("agents/plan.schema.json is missing from the jar");
			}
			this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Validation errors as "location: message" lines; empty when the plan is valid. */
	public List<String> validate(JsonNode plan) {
		return schema.validate(plan).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
	}

}
