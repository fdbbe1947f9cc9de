"""A minimal client of the local engine's AWS JSON APIs: DynamoDB, DynamoDB Streams, EventBridge and SQS,
all of which moto_server serves on its one endpoint. Standard library only (start-api needs no SDK).

Requests carry a SigV4-shaped Authorization header with dummy credentials: moto does not check the
signature, it reads the service from the credential scope (and the API from X-Amz-Target).
"""

import http.client
import json
import urllib.parse

# service -> (X-Amz-Target prefix, Content-Type, signing name)
SERVICES = {
    "dynamodb": ("DynamoDB_20120810", "application/x-amz-json-1.0", "dynamodb"),
    "streams": ("DynamoDBStreams_20120810", "application/x-amz-json-1.0", "dynamodb"),
    "events": ("AWSEvents", "application/x-amz-json-1.1", "events"),
    "sqs": ("AmazonSQS", "application/x-amz-json-1.0", "sqs"),
}


class AwsError(Exception):
    """An error answer: code is the exception's short name (e.g. ResourceNotFoundException)."""

    def __init__(self, code, message, status):
        super().__init__("%s: %s (HTTP %s)" % (code, message, status))
        self.code, self.message, self.status = code, message, status


class LocalAws:
    def __init__(self, endpoint, region="us-east-1", timeout=10.0):
        parts = urllib.parse.urlsplit(endpoint)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError("the local engine's endpoint must be http://host:port, not %r" % endpoint)
        self.endpoint = endpoint.rstrip("/")
        self.host, self.port = parts.hostname, parts.port or 80
        self.region = region
        self.timeout = timeout

    def call(self, service, action, body=None):
        """One API call; the answer's JSON as a dict. Raises AwsError on an error answer, OSError when the
        engine cannot be reached. A new connection per call: safe from any thread."""
        prefix, content_type, signing = SERVICES[service]
        data = json.dumps(body or {}).encode()
        headers = {
            "Content-Type": content_type,
            "X-Amz-Target": "%s.%s" % (prefix, action),
            "Authorization": "AWS4-HMAC-SHA256 Credential=local/20000101/%s/%s/aws4_request, SignedHeaders=host, "
                             "Signature=0" % (self.region, signing),
            "Content-Length": str(len(data)),
        }
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request("POST", "/", body=data, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            status = response.status
        except http.client.HTTPException as e:
            raise OSError("the local engine answered badly: %s" % e)
        finally:
            conn.close()
        try:
            answer = json.loads(raw) if raw.strip() else {}
        except ValueError:
            answer = None
        if status >= 300 or not isinstance(answer, dict):
            error = answer if isinstance(answer, dict) else {}
            code = str(error.get("__type") or error.get("code") or "HTTP%d" % status).rsplit("#", 1)[-1]
            message = error.get("message") or error.get("Message") or raw[:300].decode("utf-8", "replace")
            raise AwsError(code, message, status)
        return answer
