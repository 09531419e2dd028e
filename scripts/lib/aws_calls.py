"""Runs a batch of AWS API calls with boto3 against one endpoint, for npm run e2e.

Reads JSON on stdin:
  {"endpoint": URL, "credentials": {"accessKeyId", "secretAccessKey", "sessionToken"},
   "calls": [{"service": "iam", "operation": "DetachGroupPolicy", "region": "us-east-1", "params": {...}}]}
and writes one JSON line: a list with, per call, {"ok": true, "result": ...} or
{"ok": false, "error": "Code: message"}. Calls run in order; a failed call does not stop the rest.
boto3 comes with moto, so wherever the emulator runs, this does too.
"""
import json
import sys

import boto3
import botocore.config
from botocore import xform_name


def main() -> None:
    request = json.load(sys.stdin)
    credentials = request["credentials"]
    # S3 Control prefixes the host with the account ID, which does not resolve for an IP address.
    config = botocore.config.Config(inject_host_prefix=False, retries={"max_attempts": 2}, s3={"addressing_style": "path"})
    clients = {}
    results = []
    for call in request["calls"]:
        key = (call["service"], call["region"])
        if key not in clients:
            clients[key] = boto3.client(
                call["service"],
                endpoint_url=request["endpoint"],
                region_name=call["region"],
                aws_access_key_id=credentials["accessKeyId"],
                aws_secret_access_key=credentials["secretAccessKey"],
                aws_session_token=credentials.get("sessionToken"),
                config=config,
            )
        try:
            result = getattr(clients[key], xform_name(call["operation"]))(**call.get("params", {}))
            result.pop("ResponseMetadata", None)
            results.append({"ok": True, "result": result})
        except Exception as error:  # report every failure to the caller, which decides
            code = getattr(error, "response", {}).get("Error", {}).get("Code", type(error).__name__)
            results.append({"ok": False, "error": f"{code}: {error}"})
    sys.stdout.write(json.dumps(results, default=str) + "\n")


if __name__ == "__main__":
    main()
