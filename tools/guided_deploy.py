#!/usr/bin/env python3
"""`make deploy GUIDED=1`: the few questions that matter, then `sam deploy`.

`sam deploy --guided` asks every one of the template's parameters (about sixty). A first deploy
needs six answers: the stack, the region, how Sensors' mirror targets are tagged, which instances
to mirror, who hears the alarms, and the Brain (optional). Every other parameter keeps its template
default (change it later in samconfig.toml). Each answer is checked against the template's own
AllowedValues / AllowedPattern before anything is deployed, and the answers are saved in
samconfig.toml, as `sam deploy --guided` saves them, so `make deploy` repeats the same deploy.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

import tomlkit
from samcli.yamlhelper import yaml_parse

STACK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,127}$")
REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")

# (parameter, question); stack and region are asked first, the Brain's follow-ups only with a Brain URL.
QUESTIONS = [
    ("TargetTag", "Tag (key=value) on the Sensors' mirror targets"),
    ("Mode", "Mirror every instance not tagged out (opt-out) or only those tagged in (opt-in)"),
    ("AlarmEmail", "E-mail address for alarms (empty: none; subscribe others to the topic later)"),
    ("BrainUrl", "Vectra Brain https:// URL for Sensor health (empty: no Brain health function)"),
]
BRAIN_QUESTIONS = [
    ("BrainApi", "Brain API (v2.5: API token; v3.3 / v3.4: OAuth client)"),
    ("BrainSecretArn", "ARN of the Secrets Manager secret holding the Brain's credentials"),
]


def parameters(template_path):
    with open(template_path, encoding="utf-8") as f:
        return yaml_parse(f.read())["Parameters"]


def problem(definition, value):
    """Why the template would refuse this value, in its own words; None when it accepts it."""
    allowed = definition.get("AllowedValues")
    if allowed is not None and value not in [str(a) for a in allowed]:
        return "must be one of " + ", ".join(str(a) for a in allowed)
    pattern = definition.get("AllowedPattern")
    if pattern is not None and not re.fullmatch(pattern, value):
        return definition.get("ConstraintDescription", "must match " + pattern)
    return None


def printable(value):
    return value.encode("unicode_escape").decode("ascii")


def ask(prompt, default, check, read, write):
    """Asks until the answer passes check; an empty answer takes the default."""
    while True:
        write(f"{prompt} [{printable(default)}]: ")
        line = read()
        if line == "":
            raise SystemExit("\nNo answer (end of input): nothing deployed.")
        answer = line.rstrip("\n").strip() or default
        if answer == "-":
            answer = ""  # clears an optional value that a previous deploy set
        why = check(answer)
        if why is None:
            return answer
        write(f"  {printable(answer)!s}: {why}\n")


def saved(config):
    """The parameter overrides samconfig.toml already holds, as a dict."""
    text = config.get("default", {}).get("deploy", {}).get("parameters", {}).get("parameter_overrides", "")
    out = {}
    for token in shlex.split(text):
        key, _, value = token.partition("=")
        out[key] = value
    return out


def region_default(environment):
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if environment.get(name):
            return environment[name]
    try:
        answer = subprocess.run(["aws", "configure", "get", "region"], capture_output=True, text=True, timeout=10)
        return answer.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def main(argv=None, read=sys.stdin.readline, write=None):
    write = write or (lambda s: (sys.stdout.write(s), sys.stdout.flush()))
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--template", default="template.yaml")
    options.add_argument("--config", default="samconfig.toml")
    options.add_argument("--sam", default="sam", help="the SAM CLI to run")
    options.add_argument("--region", default=None, help="default region (else AWS_REGION, then the AWS CLI profile)")
    args = options.parse_args(argv)

    definitions = parameters(args.template)
    with open(args.config, encoding="utf-8") as f:
        config = tomlkit.parse(f.read())
    previous = saved(config)
    global_parameters = config.get("default", {}).get("global", {}).get("parameters", {})

    write("MirrorPilot first deploy: six questions (two more with a Brain); Enter keeps the value in brackets, - clears it.\n")
    stack = ask("Stack name", str(global_parameters.get("stack_name", "mirrorpilot")),
                lambda v: None if STACK_NAME.fullmatch(v) else "letters, digits and hyphens, starting with a letter",
                read, write)
    region = ask("Region", str(global_parameters.get("region", args.region or region_default(os.environ))),
                 lambda v: None if REGION.fullmatch(v) else "an AWS region such as eu-west-1", read, write)
    answers = {}
    for name, question in QUESTIONS:
        definition = definitions[name]
        answers[name] = ask(question, previous.get(name, str(definition.get("Default", ""))),
                            lambda v, d=definition: problem(d, v), read, write)
    if answers["BrainUrl"]:
        for name, question in BRAIN_QUESTIONS:
            definition = definitions[name]
            required = (lambda v, d=definition: problem(d, v) or (None if v else "required with a Brain URL"))
            answers[name] = ask(question, previous.get(name, str(definition.get("Default", ""))), required, read, write)

    overrides = dict(previous)
    overrides.update({k: v for k, v in answers.items()})
    unknown = sorted(k for k in overrides if k not in definitions)
    if unknown:
        raise SystemExit("samconfig.toml names parameters the template does not have: " + ", ".join(unknown)
                         + "; remove them, then run again. Nothing deployed.")
    text = " ".join(f'{k}="{v}"' for k, v in overrides.items())

    deploy = config.setdefault("default", {}).setdefault("deploy", {}).setdefault("parameters", {})
    deploy["parameter_overrides"] = text
    config["default"].setdefault("global", {}).setdefault("parameters", {})
    config["default"]["global"]["parameters"]["stack_name"] = stack
    config["default"]["global"]["parameters"]["region"] = region
    with open(args.config, "w", encoding="utf-8") as f:
        f.write(tomlkit.dumps(config))
    write(f"Saved in {args.config}; `make deploy` repeats this deploy, and the other settings are there too.\n")

    command = [args.sam, "deploy", "--config-file", os.path.abspath(args.config), "--stack-name", stack,
               "--region", region, "--parameter-overrides", text]
    write("Running: " + " ".join(shlex.quote(c) for c in command) + "\n")
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
