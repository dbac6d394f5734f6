#!/usr/bin/env python3
"""Writes a plain CloudFormation template from template.yaml, for a service-managed StackSet.

StackSets with service-managed permissions refuse templates with a transform (AWS::Serverless
included). This runs the SAM translator that SAM CLI installs, offline: each function's code is read
from S3, from a bucket per region (CodeBucketPrefix-<region>) under CodeKeyPrefix, which the
rollout steps in the README fill (a new release goes under a new CodeKeyPrefix, which publishes new versions).
Usage: org_template.py [--out FILE]. Needs AWS_DEFAULT_REGION only
for pseudo parameters; the output is checked for region literals.
"""
import argparse
import copy
import json
import os
import re
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from samtranslator.public.translator import ManagedPolicyLoader  # noqa: E402  (after the region is set)
from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402


class NoManagedPolicies(ManagedPolicyLoader):
    """The template names no AWS managed policy by name, so nothing needs looking up (and no AWS call is made)."""

    def __init__(self):
        pass

    def load(self):
        return {}


def org_template(sam):
    template = copy.deepcopy(sam)
    template.setdefault("Parameters", {})
    template["Parameters"]["CodeBucketPrefix"] = {
        "Type": "String",
        "AllowedPattern": "^[a-z0-9][a-z0-9.-]{1,40}$",
        "Description": "The code buckets' name before -<region>: one bucket per region, readable by the organization.",
    }
    template["Parameters"]["CodeKeyPrefix"] = {
        "Type": "String",
        "Default": "mirrorpilot/0.1.0",
        "Description": "The key prefix of the function jars in the code buckets (<prefix>/<function>.jar).",
    }
    jars = {}
    for name, resource in template["Resources"].items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        resource.pop("Metadata", None)
        jars[name] = os.path.basename(resource["Properties"]["CodeUri"].rstrip("/")) + ".jar"
        # The translator resolves intrinsics it finds in CodeUri (the region, parameter defaults): translate with a
        # placeholder and set the real per-region location on the generated AWS::Lambda::Function afterwards.
        resource["Properties"]["CodeUri"] = "s3://mirrorpilot-placeholder/" + jars[name]
    result = transform(template, {}, NoManagedPolicies())
    for name, jar in jars.items():
        code = result["Resources"][name]["Properties"]["Code"]
        code.clear()
        code["S3Bucket"] = {"Fn::Sub": "${CodeBucketPrefix}-${AWS::Region}"}
        code["S3Key"] = {"Fn::Sub": "${CodeKeyPrefix}/" + jar}
    # A published version is replaced only when its own properties change; naming the code location in its description
    # publishes a new version (and moves `live`) when a rollout points CodeKeyPrefix at a new release.
    for version in result["Resources"].values():
        if version.get("Type") != "AWS::Lambda::Version":
            continue
        function = version["Properties"]["FunctionName"].get("Ref")
        if function not in jars:
            continue
        location = {"Fn::Sub": "code ${CodeBucketPrefix}-${AWS::Region}/${CodeKeyPrefix}/" + jars[function]}
        old = version["Properties"].get("Description")
        version["Properties"]["Description"] = location if old is None else {"Fn::Join": ["; ", [location, old]]}
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", default=os.path.join(os.path.dirname(__file__), "..", "template.yaml"))
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "target", "org-template.json"))
    args = parser.parse_args()
    with open(args.template, encoding="utf-8") as f:
        sam = yaml_parse(f.read())
    result = org_template(sam)
    text = json.dumps(result, indent=2, sort_keys=False)
    region = os.environ["AWS_DEFAULT_REGION"]
    if "Transform" in result:
        sys.exit("org_template: a Transform is left in the output")
    if re.search(r'"[^"]*\b' + re.escape(region) + r'\b[^"]*"', text) or "mirrorpilot-placeholder" in text:
        sys.exit("org_template: the region " + region + " leaked into the output as a literal")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(args.out)


if __name__ == "__main__":
    main()
