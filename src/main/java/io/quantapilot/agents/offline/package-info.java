/**
 * The {@code offline} agent provider's scaffolder: turns a README into a working, tested
 * project from templates, stage by stage, without a model and without a network. It is
 * honest about that in everything it writes; it must never pretend to have reasoned about
 * the project.
 */
package io.quantapilot.agents.offline;
