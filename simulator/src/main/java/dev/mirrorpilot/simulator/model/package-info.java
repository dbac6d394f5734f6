/**
 * The simulator's own state model: AWS resources as the EC2, ELBv2 and CloudWatch APIs describe them, written
 * here and not imported from MirrorPilot's policy library, so that the oracle shares no data type, default or
 * helper with the code it checks (OracleIndependenceTest forbids the import).
 */
package dev.mirrorpilot.simulator.model;
