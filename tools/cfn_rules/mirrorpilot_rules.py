"""MirrorPilot's own cfn-lint rules: deploy-time facts of the stack that no code test can see.

Loaded with `cfn-lint --append-rules tools/cfn_rules`. cfn-lint (1.x) no longer runs the SAM translator: it merges
SAM's Globals into each resource, so a rule reads AWS::Serverless::* resources as written and, in the org template
(translated by tools/org_template.py), the plain resources SAM generates. Each has a fixture under tools/cfn_rules_fixtures
that it must flag (tools/check_cfn_rules.py).
"""
import os
import re

from cfnlint.rules import CloudFormationLintRule, RuleMatch


def _alarm_targets(cfn):
    """Logical ids of the topics alarms notify."""
    ids = set()
    for _, alarm in cfn.get_resources(["AWS::CloudWatch::Alarm"]).items():
        props = alarm.get("Properties", {})
        for key in ("AlarmActions", "OKActions", "InsufficientDataActions"):
            for action in props.get(key, []) or []:
                if isinstance(action, dict) and "Ref" in action:
                    ids.add(action["Ref"])
    return ids


class AlarmTopicKeyLetsCloudWatchPublish(CloudFormationLintRule):
    id = "E9001"
    shortdesc = "Alarm topics must not use the AWS-managed SNS key"
    description = ("CloudWatch alarms cannot publish to a topic encrypted with alias/aws/sns: its key policy cannot "
                   "grant cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey. Use a customer-managed key.")
    source_url = "https://repost.aws/knowledge-center/cloudwatch-configure-alarm-sns"
    tags = ["mirrorpilot", "alarms"]

    def match(self, cfn):
        matches = []
        topics = cfn.get_resources(["AWS::SNS::Topic"])
        for name in _alarm_targets(cfn):
            key = topics.get(name, {}).get("Properties", {}).get("KmsMasterKeyId")
            if isinstance(key, str) and "alias/aws/sns" in key:
                matches.append(RuleMatch(["Resources", name, "Properties", "KmsMasterKeyId"],
                                         f"{name} is notified by alarms but uses alias/aws/sns; CloudWatch cannot publish to it"))
        return matches


class AlarmsSayWhenOk(CloudFormationLintRule):
    id = "E9002"
    shortdesc = "Alarms notify on recovery too"
    description = "An alarm with AlarmActions must have OKActions, so whoever was paged learns that it recovered."
    source_url = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html"
    tags = ["mirrorpilot", "alarms"]

    def match(self, cfn):
        matches = []
        for name, alarm in cfn.get_resources(["AWS::CloudWatch::Alarm"]).items():
            props = alarm.get("Properties", {})
            if props.get("AlarmActions") and not props.get("OKActions"):
                matches.append(RuleMatch(["Resources", name, "Properties"], f"{name} has AlarmActions but no OKActions"))
        return matches


class FunctionLogsExpire(CloudFormationLintRule):
    id = "E9003"
    shortdesc = "Every function's log group is declared with a retention"
    description = "Lambda creates a missing log group without retention (kept forever); declare it with RetentionInDays."
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html"
    tags = ["mirrorpilot", "logs"]

    def match(self, cfn):
        matches = []
        groups = cfn.get_resources(["AWS::Logs::LogGroup"]).values()
        for name in cfn.get_resources(["AWS::Lambda::Function"]):
            if not any(str(g.get("Properties", {}).get("LogGroupName", "")).find("${" + name + "}") >= 0
                       and g.get("Properties", {}).get("RetentionInDays") for g in groups):
                matches.append(RuleMatch(["Resources", name], f"{name} has no declared log group with RetentionInDays"))
        return matches


class NoInterfacePermissionsOutsideAVpc(CloudFormationLintRule):
    id = "E9004"
    shortdesc = "ENI permissions only for a function that runs in a VPC"
    description = ("ec2:CreateNetworkInterface / DeleteNetworkInterface on * lets a role create and delete any ENI; "
                   "grant them only under the same condition that puts the function in a VPC (Fn::If).")
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html"
    tags = ["mirrorpilot", "iam"]
    ACTIONS = {"ec2:createnetworkinterface", "ec2:deletenetworkinterface"}

    def match(self, cfn):
        matches = []
        # A SAM function's inline statements too, where the template is read before its transform.
        for name, role in cfn.get_resources(["AWS::IAM::Role", "AWS::Serverless::Function"]).items():
            for p, policy in enumerate(role.get("Properties", {}).get("Policies", []) or []):
                if not isinstance(policy, dict):
                    continue
                statements = policy.get("PolicyDocument", policy).get("Statement", [])
                for s, statement in enumerate(statements if isinstance(statements, list) else []):
                    if not isinstance(statement, dict) or "Fn::If" in statement:
                        continue
                    actions = statement.get("Action", [])
                    actions = [actions] if isinstance(actions, str) else actions
                    if statement.get("Effect") == "Allow" and self.ACTIONS & {str(a).lower() for a in actions}:
                        matches.append(RuleMatch(["Resources", name, "Properties", "Policies", p, "PolicyDocument", "Statement", s],
                                                 f"{name} may create or delete any ENI unconditionally"))
        return matches


class NamedIamNeedsTheCapability(CloudFormationLintRule):
    id = "E9005"
    shortdesc = "A named IAM resource needs CAPABILITY_NAMED_IAM in samconfig.toml"
    description = ("IAM resources with a custom name (RoleName, ManagedPolicyName, ...) are refused unless the deploy "
                   "grants CAPABILITY_NAMED_IAM; samconfig.toml beside the template must say so.")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html"
    tags = ["mirrorpilot", "iam"]
    NAMES = {"AWS::IAM::Role": "RoleName", "AWS::IAM::ManagedPolicy": "ManagedPolicyName", "AWS::IAM::User": "UserName",
             "AWS::IAM::Group": "GroupName", "AWS::IAM::InstanceProfile": "InstanceProfileName"}

    def match(self, cfn):
        named = [n for n, r in cfn.get_resources(list(self.NAMES)).items()
                 if self.NAMES[r["Type"]] in r.get("Properties", {})]
        if not named or not cfn.filename:
            return []
        config = os.path.join(os.path.dirname(os.path.abspath(cfn.filename)), "samconfig.toml")
        # Only a template deployed with samconfig.toml (the org template's StackSet steps name the capability in the README).
        if not os.path.exists(config) or re.search(r"capabilities\s*=.*CAPABILITY_NAMED_IAM", open(config, encoding="utf-8").read()):
            return []
        return [RuleMatch(["Resources", named[0]], f"{named[0]} has a custom name but {config} does not grant CAPABILITY_NAMED_IAM")]


def _parameter_refs(node, parameters, found):
    """The template parameters a property value reads (Ref, and ${Name} in Fn::Sub outside its own variables)."""
    if isinstance(node, dict):
        if set(node) == {"Ref"} and node["Ref"] in parameters:
            found.add(node["Ref"])
        if "Fn::Sub" in node:
            sub = node["Fn::Sub"]
            text, local = (sub, {}) if isinstance(sub, str) else (sub[0], sub[1] if len(sub) > 1 else {})
            for name in re.findall(r"\$\{([A-Za-z0-9]+)\}", text if isinstance(text, str) else ""):
                if name in parameters and name not in local:
                    found.add(name)
        for value in node.values():
            _parameter_refs(value, parameters, found)
    elif isinstance(node, list):
        for value in node:
            _parameter_refs(value, parameters, found)
    return found


class PublishedVersionFollowsItsParameters(CloudFormationLintRule):
    id = "E9006"
    shortdesc = "A parameter that changes a function's published configuration must change its version too"
    description = ("An AWS::Lambda::Version is replaced only when its own properties change. A parameter that a "
                   "function's environment, code location or VPC reads, and its version does not, updates $LATEST "
                   "while aliases (SAM's AutoPublishAlias `live`) keep calling the old version with the old value. "
                   "Read such settings at run time (an SSM parameter) or name the parameter in the version's Description.")
    source_url = "https://github.com/aws/serverless-application-model/issues/1640"
    tags = ["mirrorpilot", "lambda"]
    # Function properties that are not part of a published version (or that SAM resolves when it names the version).
    UNVERSIONED = {"ReservedConcurrentExecutions", "Tags", "FunctionName", "Description", "Events", "Policies", "Role",
                   "EventInvokeConfig", "DeploymentPreference", "AutoPublishAlias", "AutoPublishAliasAllProperties",
                   "ProvisionedConcurrencyConfig", "CodeUri", "ImageUri", "VersionDescription", "AutoPublishCodeSha256",
                   "PermissionsBoundary", "RolePath", "FunctionUrlConfig", "AssumeRolePolicyDocument"}

    def _unfollowed(self, props, version_props, parameters):
        read = set()
        for key, value in props.items():
            if key not in self.UNVERSIONED:
                _parameter_refs(value, parameters, read)
        return sorted(read - _parameter_refs(version_props, parameters, set()))

    def match(self, cfn):
        matches = []
        parameters = set((cfn.template.get("Parameters") or {}).keys())
        # SAM, as written: AutoPublishAlias publishes a version whose own properties are VersionDescription and
        # AutoPublishCodeSha256.
        for name, function in cfn.get_resources(["AWS::Serverless::Function"]).items():
            props = function.get("Properties", {})
            if not props.get("AutoPublishAlias"):
                continue
            version = {k: props[k] for k in ("VersionDescription", "AutoPublishCodeSha256") if k in props}
            for parameter in self._unfollowed(props, version, parameters):
                matches.append(RuleMatch(["Resources", name, "Properties"],
                                         f"{name} reads parameter {parameter} in its published configuration but its "
                                         f"version does not: a change of {parameter} never reaches the alias"))
        # Plain CloudFormation (the org template): each AWS::Lambda::Version and the function it publishes.
        functions = cfn.get_resources(["AWS::Lambda::Function"])
        for name, version in cfn.get_resources(["AWS::Lambda::Version"]).items():
            target = version.get("Properties", {}).get("FunctionName") or {}
            function = target.get("Ref") if isinstance(target, dict) else None
            if function not in functions:
                continue
            props = dict(functions[function].get("Properties", {}))
            for parameter in self._unfollowed(props, version.get("Properties", {}), parameters):
                matches.append(RuleMatch(["Resources", function, "Properties"],
                                         f"{function} reads parameter {parameter} but its published version {name} does not: "
                                         f"a change of {parameter} never reaches the alias"))
        return matches
