"""moto in server mode, made to refuse what AWS refuses where moto accepts it and the lifecycle depends on it.

Run as `python3 scripts/lib/moto_server.py -H 127.0.0.1 -p PORT` (the same arguments as `python3 -m moto.server`).

- Lambda AddPermission with a statement ID the function's policy already holds: AWS answers
  ResourceConflictException; moto 5.2.1 appends a second statement of the same ID, so a permission
  created twice (an orphan created again) went unseen until RemovePermission left the other behind.

Nothing else changes: every other call is moto's own.
"""
import json
import sys

from moto.awslambda import policy as lambda_policy
from moto.awslambda.exceptions import LambdaClientError


class StatementIdExists(LambdaClientError):
    code = 409

    def __init__(self, sid):
        super().__init__(
            "ResourceConflictException",
            f"The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement.",
        )


_add_statement = lambda_policy.Policy.add_statement


def add_statement(self, raw, qualifier=None):
    sid = json.loads(raw).get("StatementId")
    if sid is not None and any(statement.get("Sid") == sid for statement in self.statements):
        raise StatementIdExists(sid)
    return _add_statement(self, raw, qualifier)


lambda_policy.Policy.add_statement = add_statement

if __name__ == "__main__":
    from moto.server import main

    main(sys.argv[1:])
