# MirrorPilot: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
MVN ?= mvn -B -ntp
PYTHON ?= python3
VENV := .venv
TOOLS_STAMP := $(VENV)/.installed-$(shell sha1sum tools/requirements.txt | cut -c1-12)
CLI_JAR := cli/target/mirrorpilot.jar
SIM_JAR := simulator-seed/target/mirrorpilot-simulator-standalone.jar
# SAM CLI must not phone home or look for an AWS account during validation.
SAM := SAM_CLI_TELEMETRY=0 AWS_DEFAULT_REGION=eu-west-1 $(VENV)/bin/sam

.PHONY: run plan test build bench lint tools clean simulator org-template deploy logs teardown cold-start
# Deploying uses the caller's own region and credentials (the AWS CLI's chain), never the validation region above.
SAM_DEPLOY := SAM_CLI_TELEMETRY=0 $(VENV)/bin/sam
# The stack: samconfig.toml's stack_name (what `make deploy GUIDED=1` saved) unless STACK is given.
STACK ?=
STACK_FLAG = $(if $(STACK),--stack-name $(STACK))

## run: `mirrorpilot demo`: the launch and terminate functions against the simulator (no AWS account needed)
run: build
	java -jar $(CLI_JAR) demo

## plan: the coverage report and plan for the sample account
plan: build
	java -jar $(CLI_JAR) plan --inventory events/sample-inventory.json

## build: compile, package the CLI, skip tests
build:
	$(MVN) -q -DskipTests install

## test: every test (unit, property, CLI, simulator conformance against the SDK, AWS CLI and moto)
##       plus `sam validate --lint`; installs the Python tools it needs
test: tools
	$(MVN) install -Dmirrorpilot.tools=$(CURDIR)/$(VENV)/bin
	java -jar $(SIM_JAR) --help > /dev/null
	$(SAM) validate --lint
	$(VENV)/bin/python tools/check_cfn_rules.py
	$(VENV)/bin/python tools/check_guided_deploy.py
	$(VENV)/bin/python tools/org_template.py
	$(VENV)/bin/cfn-lint template.yaml templates/*.yaml target/org-template.json --append-rules tools/cfn_rules
	$(SAM) build

## lint: validate the SAM template only
lint: tools
	$(SAM) validate --lint
	$(VENV)/bin/cfn-lint template.yaml templates/*.yaml --append-rules tools/cfn_rules

## deploy: build, then `sam deploy` with samconfig.toml's settings; GUIDED=1 (the first time) asks six questions
##         (stack, region, Sensor tag, opt-in/out, alarm e-mail, Brain), checks the answers against the template and
##         saves them in samconfig.toml
deploy: build tools
	$(SAM_DEPLOY) build
	$(if $(GUIDED),SAM_CLI_TELEMETRY=0 $(VENV)/bin/python tools/guided_deploy.py --sam $(VENV)/bin/sam,$(SAM_DEPLOY) deploy $(STACK_FLAG))

## logs: follow the stack's function logs (FUNCTION=AttachOnLaunchFunction for one)
logs: tools
	$(SAM_DEPLOY) logs $(STACK_FLAG) --tail $(if $(FUNCTION),--name $(FUNCTION))

## teardown: delete the stack, then offer to delete the mirror sessions MirrorPilot made (they keep billing)
teardown: tools
	$(SAM_DEPLOY) delete $(STACK_FLAG)
	@read -r -p "Also delete every mirror session tagged mirrorpilot:managed=true in this region? [y/N] " answer; \
	if [ "$$answer" = y ]; then \
	  $(VENV)/bin/aws ec2 describe-traffic-mirror-sessions \
	    --query "TrafficMirrorSessions[?Tags[?Key=='mirrorpilot:managed' && Value=='true']].TrafficMirrorSessionId" --output text \
	  | tr '\t' '\n' | xargs -r -n1 $(VENV)/bin/aws ec2 delete-traffic-mirror-session --traffic-mirror-session-id; \
	else echo "Sessions kept; the README's 'Removing it' section has the command."; fi

## cold-start: fresh JVMs, the shipped attach-on-launch handler against a bare one-call JVM (prints pairs and jar sizes)
cold-start: build
	$(MVN) -q -pl functions/attach-on-launch exec:java@cold-start

## bench: planner, simulator, handler, backfill and rebalance benchmarks (print figures, assert nothing); the
##        backfill one takes about 10 minutes (1,000 creates at the real 2.5/s); QUICK=1 skips that scenario
##        and the rebalance's second one
bench:
	$(MVN) -q -DskipTests install
	$(MVN) -q -pl shared/policy exec:java
	$(MVN) -q -pl shared/policy exec:java@coverage
	$(MVN) -q -pl simulator-seed exec:java
	$(MVN) -q -pl functions/attach-on-launch exec:java
	$(MVN) -q -pl functions/attach-on-launch exec:java@cold-start
	$(MVN) -q -pl functions/attach-on-launch exec:java@burst
	$(MVN) -q -pl functions/backfill exec:java $(if $(QUICK),-Dexec.args=quick)
	$(MVN) -q -pl functions/rebalance exec:java $(if $(QUICK),-Dexec.args=quick)
	$(MVN) -q -pl functions/brain-health exec:java
	$(MVN) -q -pl cli exec:java
	$(MVN) -q -pl cli exec:java@verify

## org-template: target/org-template.json, plain CloudFormation for a service-managed StackSet (no Transform;
##               code from a bucket per region), checked with cfn-lint
org-template: tools
	$(VENV)/bin/python tools/org_template.py
	$(VENV)/bin/cfn-lint target/org-template.json

## simulator: serve the sample account on a free loopback port (prints the endpoint URL first)
simulator: build
	java -jar $(SIM_JAR) --inventory events/sample-inventory.json

## tools: the pinned Python tools (tools/requirements.txt) in .venv, reinstalled when the pins change
tools: $(TOOLS_STAMP)

$(TOOLS_STAMP): tools/requirements.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r tools/requirements.txt
	touch $@

clean:
	$(MVN) -q clean
	rm -rf $(VENV) .aws-sam
