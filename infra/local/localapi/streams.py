"""A DynamoDB stream read into a function the way Lambda's event source mapping does it.

One poller thread per mapping reads the table's stream shard by shard (DescribeStream, then
GetShardIterator at the mapping's StartingPosition for the shards there at start, TRIM_HORIZON for
shards that appear later, each after its parent is read to its end; then always the NextShardIterator
GetRecords answers). It gathers up to BatchSize records (waiting up to MaximumBatchingWindowInSeconds
for more), renders them as Lambda's DynamoDB event (exactly as local-dynamodb's StreamReader.java
does for the Java tests) and invokes the function, one batch at a time, so records reach it in
stream order; a shard is not read on while a batch of it is unfinished.

What the function answers decides what happens next (Lambda's rules):
  - a function error (it threw, crashed, timed out): with BisectBatchOnFunctionError a batch of
    more than one record is split in two and each half retried in order (a split is not a retry);
    otherwise the batch is retried;
  - with ReportBatchItemFailures, {"batchItemFailures":[{"itemIdentifier":"<sequence number>"}]}:
    the records before the lowest sequence number named are done, the rest is retried; an empty
    or missing list is success; an identifier that is empty, missing or not in the batch fails
    the whole batch, as does an answer that is not a JSON object;
  - retries are bounded by MaximumRetryAttempts (-1: until the records expire, which locally is
    never); when they are used up, the failed records' coordinates go to the on-failure destination
    (Lambda's record: DDBStreamBatchInfo with the shard and sequence numbers) and reading goes on
    after them.
Retries back off from 0.5 s up to 5 s. Not emulated: MaximumRecordAgeInSeconds, FilterCriteria
(the template declares neither), ParallelizationFactor above 1, tumbling windows.
"""

import collections
import datetime
import json
import math
import threading
import time
import uuid

from . import aws as localaws

MAX_EVENT = 6 * 1024 * 1024  # Lambda's invocation payload limit: a larger batch is split before invoking
IDLE_POLL = 0.5  # seconds between polls of an idle shard (Lambda polls a shard about 4 times a second)
SHARDS_REFRESH = 10.0  # seconds between DescribeStream calls, for new shards


def lambda_event(records, stream_arn):
    """Lambda's DynamoDB event for raw GetRecords records, field for field as StreamReader.java renders it:
    eventID, eventName, eventVersion, eventSource "aws:dynamodb", awsRegion, eventSourceARN (the stream), and
    dynamodb: ApproximateCreationDateTime (whole epoch seconds, when present), Keys, NewImage and OldImage
    (when present), SequenceNumber, SizeBytes, StreamViewType; attribute values stay DynamoDB JSON."""
    rendered = []
    for record in records:
        d = record.get("dynamodb") or {}
        body = collections.OrderedDict()
        if d.get("ApproximateCreationDateTime") is not None:
            body["ApproximateCreationDateTime"] = _epoch_seconds(d["ApproximateCreationDateTime"])
        body["Keys"] = d.get("Keys") or {}
        if d.get("NewImage"):
            body["NewImage"] = d["NewImage"]
        if d.get("OldImage"):
            body["OldImage"] = d["OldImage"]
        body["SequenceNumber"] = d.get("SequenceNumber")
        body["SizeBytes"] = d.get("SizeBytes")
        body["StreamViewType"] = d.get("StreamViewType")
        rendered.append(collections.OrderedDict([
            ("eventID", record.get("eventID")), ("eventName", record.get("eventName")),
            ("eventVersion", record.get("eventVersion")), ("eventSource", "aws:dynamodb"),
            ("awsRegion", record.get("awsRegion")), ("eventSourceARN", stream_arn), ("dynamodb", body)]))
    return {"Records": rendered}


def _epoch_seconds(value):
    """An Instant's getEpochSecond: the whole seconds of a JSON timestamp (a number, or an ISO string)."""
    if isinstance(value, (int, float)):
        return int(math.floor(value))
    try:
        return int(math.floor(float(value)))
    except ValueError:
        return int(datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def sequence(record):
    return (record.get("dynamodb") or {}).get("SequenceNumber")


def batch_result(records, outcome, body, report_batch_item_failures):
    """What Lambda makes of one invocation's answer for this batch:
    ("ok", None), ("partial", index of the first record to retry) or ("failed", "function" | "response")."""
    if outcome != "response":
        return "failed", "function"
    if not report_batch_item_failures:
        return "ok", None
    try:
        answer = json.loads(body) if body and body.strip() else None
    except ValueError:
        return "failed", "response"
    if answer is None:
        return "ok", None
    if not isinstance(answer, dict):
        return "failed", "response"
    failures = answer.get("batchItemFailures")
    if not failures:
        return "ok", None
    if not isinstance(failures, list):
        return "failed", "response"
    positions = {sequence(r): i for i, r in enumerate(records)}
    first = None
    for failure in failures:
        identifier = failure.get("itemIdentifier") if isinstance(failure, dict) else None
        if not isinstance(identifier, str) or identifier not in positions:
            return "failed", "response"
        first = positions[identifier] if first is None else min(first, positions[identifier])
    return "partial", first


def failure_record(function_arn, stream_arn, shard_id, records, invocations, function_error):
    """What Lambda sends an on-failure destination when a stream batch's retries are used up."""
    def arrival(record):
        value = (record.get("dynamodb") or {}).get("ApproximateCreationDateTime")
        if value is None:
            return None
        return datetime.datetime.fromtimestamp(_epoch_seconds(value), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    response = {"statusCode": 200, "executedVersion": "$LATEST"}
    if function_error:
        response["functionError"] = "Unhandled"
    return {
        "requestContext": {"requestId": str(uuid.uuid4()), "functionArn": function_arn,
                           "condition": "RetryAttemptsExhausted", "approximateInvokeCount": invocations},
        "responseContext": response,
        "version": "1.0",
        "timestamp": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "DDBStreamBatchInfo": {
            "shardId": shard_id, "startSequenceNumber": sequence(records[0]), "endSequenceNumber": sequence(records[-1]),
            "approximateArrivalOfFirstRecord": arrival(records[0]), "approximateArrivalOfLastRecord": arrival(records[-1]),
            "batchSize": len(records), "streamArn": stream_arn},
    }


class StreamSource:
    """The DynamoDB Streams calls a mapping makes, on the local engine."""

    def __init__(self, client, table):
        self.client, self.table = client, table

    def stream_arn(self):
        arn = self.client.call("dynamodb", "DescribeTable", {"TableName": self.table})["Table"].get("LatestStreamArn")
        if not arn:
            raise RuntimeError("table %s has no stream (its StreamSpecification is missing locally)" % self.table)
        return arn

    def shards(self, stream_arn):
        shards, start = [], None
        while True:
            request = {"StreamArn": stream_arn}
            if start:
                request["ExclusiveStartShardId"] = start
            description = self.client.call("streams", "DescribeStream", request)["StreamDescription"]
            shards.extend(description.get("Shards") or [])
            start = description.get("LastEvaluatedShardId")
            if not start:
                return shards

    def iterator(self, stream_arn, shard_id, kind, sequence_number=None):
        request = {"StreamArn": stream_arn, "ShardId": shard_id, "ShardIteratorType": kind}
        if sequence_number is not None:
            request["SequenceNumber"] = sequence_number
        return self.client.call("streams", "GetShardIterator", request).get("ShardIterator")

    def records(self, iterator, limit):
        answer = self.client.call("streams", "GetRecords", {"ShardIterator": iterator, "Limit": limit})
        return answer.get("Records") or [], answer.get("NextShardIterator")


class _Shard:
    def __init__(self, shard_id, parent):
        self.id, self.parent = shard_id, parent
        self.iterator = None
        self.start_at = "TRIM_HORIZON"
        self.started = False
        self.closed = False
        self.last = None  # sequence number of the last record read


class StreamMapping:
    """One event source mapping (spec as `uat-cli local-dynamodb` describes it) from source into invoke.

    invoke(payload bytes) -> (outcome, body bytes, detail), outcome "response" when the function answered;
    on_failure(record dict) gets Lambda's on-failure record; log(str) one line."""

    def __init__(self, spec, source, invoke, log, function_arn, on_failure=None, sleep=None, clock=time.monotonic,
                 idle_poll=IDLE_POLL, backoff=(0.5, 5.0)):
        self.spec = spec
        self.source = source
        self.invoke = invoke
        self.log = log
        self.function_arn = function_arn
        self.on_failure = on_failure or (lambda record: None)
        self.clock = clock
        self.idle_poll = idle_poll
        self.backoff = backoff
        self.batch_size = max(1, int(spec.get("batchSize", 100)))
        self.window = max(0, int(spec.get("maximumBatchingWindowInSeconds", 0)))
        self.max_retries = int(spec.get("maximumRetryAttempts", -1))
        self.bisect = bool(spec.get("bisectBatchOnFunctionError"))
        self.report = bool(spec.get("reportBatchItemFailures"))
        self.starting = spec.get("startingPosition", "TRIM_HORIZON")
        self.stream_arn = None
        self.shards = collections.OrderedDict()
        self.stopping = threading.Event()
        self.sleep = sleep or (lambda seconds: self.stopping.wait(seconds))
        self.thread = None
        self.forwarded = 0  # records done (the function took them, or their retries were used up)
        self.failed = 0  # records sent to the on-failure destination
        self._shards_read_at = None
        self._last_error = None

    # --- lifecycle -----------------------------------------------------------------------------------
    def start(self):
        self.thread = threading.Thread(target=self.run, name=self.spec.get("id", "stream") + "-poller", daemon=True)
        self.thread.start()

    def stop(self, wait=10.0):
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(wait)

    def run(self):
        while not self.stopping.is_set():
            try:
                if not self.poll():
                    self.sleep(self.idle_poll)
                self._last_error = None
            except (localaws.AwsError, OSError, RuntimeError, KeyError, ValueError) as e:
                if str(e) != self._last_error:  # once per distinct error, not every poll
                    self.log("cannot read the stream of %s: %s; trying again" % (self.spec.get("table"), e))
                    self._last_error = str(e)
                self.sleep(1.0)

    # --- reading -------------------------------------------------------------------------------------
    def poll(self):
        """Reads each shard once and runs what it read; True when there were records."""
        if self.stream_arn is None:
            self.stream_arn = self.source.stream_arn()
        now = self.clock()
        if self._shards_read_at is None or now - self._shards_read_at >= SHARDS_REFRESH or not self.shards:
            first = self._shards_read_at is None
            for shard in self.source.shards(self.stream_arn):
                if shard["ShardId"] not in self.shards:
                    s = _Shard(shard["ShardId"], shard.get("ParentShardId"))
                    s.start_at = self.starting if first else "TRIM_HORIZON"
                    self.shards[s.id] = s
            self._shards_read_at = now
        busy = False
        for shard in list(self.shards.values()):
            if self.stopping.is_set():
                return busy
            if shard.closed:
                continue
            parent = self.shards.get(shard.parent) if shard.parent else None
            if parent is not None and not parent.closed:
                continue  # a child shard is read after its parent, as Lambda does, to keep the order
            if not shard.started:
                shard.iterator = self.source.iterator(self.stream_arn, shard.id, shard.start_at)
                shard.started = True
            records = self.read_batch(shard)
            if records:
                busy = True
                self.run_batch(shard.id, records)
        return busy

    def read_batch(self, shard):
        """Up to BatchSize records of a shard, waiting up to the batching window for more once one came."""
        records, window_ends = [], None
        while len(records) < self.batch_size and not self.stopping.is_set():
            try:
                got, following = self.source.records(shard.iterator, self.batch_size - len(records))
            except localaws.AwsError as e:
                if e.code not in ("ExpiredIteratorException", "TrimmedDataAccessException"):
                    raise
                shard.iterator = (self.source.iterator(self.stream_arn, shard.id, "AFTER_SEQUENCE_NUMBER", shard.last)
                                  if shard.last else self.source.iterator(self.stream_arn, shard.id, "TRIM_HORIZON"))
                continue
            records.extend(got)
            if got:
                shard.last = sequence(got[-1])
            if following is None:
                shard.closed = True
                break
            shard.iterator = following
            if not records or self.window <= 0:
                break
            if window_ends is None:
                window_ends = self.clock() + self.window
            left = window_ends - self.clock()
            if left <= 0:
                break
            if not got:
                self.sleep(min(0.25, left))
        return records

    # --- running a batch ----------------------------------------------------------------------------
    def run_batch(self, shard_id, records):
        """Runs one batch to its end: every record taken by the function or, after its retries, sent to the
        on-failure destination; in order. False when stopped first (the batch is then left unfinished)."""
        work = collections.deque([(list(records), 0)])  # (records, retries so far)
        while work:
            if self.stopping.is_set():
                return False
            batch, retries = work.popleft()
            payload = json.dumps(lambda_event(batch, self.stream_arn), separators=(",", ":")).encode()
            if len(payload) > MAX_EVENT and len(batch) > 1:
                half = len(batch) // 2
                work.extendleft([(batch[half:], retries), (batch[:half], retries)])
                continue
            started = self.clock()
            outcome, body, detail = self.invoke(payload)
            took = (self.clock() - started) * 1000
            if self.stopping.is_set() and outcome != "response":
                return False
            kind, where = batch_result(batch, outcome, body, self.report)
            span = "%d record%s %s..%s" % (len(batch), "" if len(batch) == 1 else "s", sequence(batch[0]), sequence(batch[-1]))
            if kind == "ok":
                self.forwarded += len(batch)
                self.log("%s: %s %.0f ms" % (span, "retried, done" if retries else "done", took))
                continue
            if kind == "partial":
                self.forwarded += where
                failed = batch[where:]
                why = "the function reported %s as its first failed record" % sequence(failed[0])
                function_error = False
            else:
                failed = batch
                why = ("the function failed (%s%s)" % (outcome, ": " + _short(detail, body) if (detail or body) else "")
                       if where == "function" else "its answer names no record of the batch, so the whole batch failed: %s"
                       % _short("", body))
                function_error = where == "function"
                if function_error and self.bisect and len(batch) > 1:
                    half = len(batch) // 2
                    self.log("%s: %s; split in two" % (span, why))
                    work.extendleft([(batch[half:], retries), (batch[:half], retries)])
                    continue
            if 0 <= self.max_retries <= retries:
                record = failure_record(self.function_arn, self.stream_arn, shard_id, failed, retries + 1, function_error)
                self.failed += len(failed)
                self.forwarded += len(failed)
                self.log("%s: %s; retries used up (%d): to the on-failure destination: %s"
                         % (span, why, self.max_retries, json.dumps(record)))
                try:
                    self.on_failure(record)
                except Exception as e:  # the destination failing must not stop the stream
                    self.log("the on-failure destination failed: %s" % e)
                continue
            delay = min(self.backoff[1], self.backoff[0] * (2 ** retries))
            self.log("%s: %s; retry %d%s in %.1f s" % (span, why, retries + 1,
                                                       "" if self.max_retries < 0 else " of %d" % self.max_retries, delay))
            self.sleep(delay)
            work.appendleft((failed, retries + 1))
        return True


def _short(detail, body):
    text = detail or ""
    if body:
        text = (text + " " if text else "") + body[:300].decode("utf-8", "replace")
    return text.strip()
