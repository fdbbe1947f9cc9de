"""What start-api needs from template.yaml: functions, HTTP APIs, their authorizers and routes, tables.

CloudFormation tags (!Ref, !If, !Sub, ...) are read as opaque Tag values. A few are resolved
the way CloudFormation would with the parameters' defaults (Ref to a parameter, Fn::If over
Conditions made of Equals/Not/And/Or); a Ref to a DynamoDB table becomes its local name. Anything
else stays unresolved (None) and is reported, never guessed.
"""

import os
import re

try:
    import yaml
except ImportError:  # pragma: no cover - depends on the machine
    yaml = None


class Tag:
    """A CloudFormation short-form tag such as !Ref X, kept as (name, value)."""

    def __init__(self, name, value):
        self.name = name  # e.g. "Ref", "If", "GetAtt", "Sub"
        self.value = value

    def __repr__(self):
        return "!%s %r" % (self.name, self.value)


def _loader():
    if yaml is None:
        raise SystemExit("start-api: Python's PyYAML is needed to read template.yaml "
                         "(it comes with moto[server]: pip install 'moto[server]')")

    class Loader(yaml.SafeLoader):
        pass

    def construct(loader, suffix, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return Tag(suffix, value)

    Loader.add_multi_constructor("!", construct)
    return Loader


def local_table_name(prefix, logical_id):
    """UsersTable -> <prefix>users, as local-dynamodb's TemplateTables.localName names it."""
    base = logical_id[:-5] if logical_id.endswith("Table") else logical_id
    return prefix + base.lower()


def _intrinsic(value):
    """(name, argument) for !Name x or {"Fn::Name": x} / {"Ref": x}; None otherwise."""
    if isinstance(value, Tag):
        return value.name, value.value
    if isinstance(value, dict) and len(value) == 1:
        (key, arg), = value.items()
        if key == "Ref":
            return "Ref", arg
        if key == "Condition":
            return "Condition", arg
        if key.startswith("Fn::"):
            return key[4:], arg
    return None


class Unresolved(Exception):
    pass


class Function:
    def __init__(self, logical_id):
        self.logical_id = logical_id
        self.code_uri = None
        self.handler = None
        self.runtime = None
        self.timeout = 3
        self.memory = 128
        self.environment = {}  # name -> raw template value
        self.http_events = []  # (event name, properties)


class Authorizer:
    def __init__(self, api_id, name, spec):
        self.api_id = api_id
        self.name = name
        self.function_id = None
        self.unsupported = None
        self.payload_version = str(spec.get("AuthorizerPayloadFormatVersion", "2.0"))
        self.simple_responses = bool(spec.get("EnableSimpleResponses", False))
        identity = spec.get("Identity") or {}
        self.identity_headers = [str(h) for h in (identity.get("Headers") or [])]
        self.identity_query = [str(q) for q in (identity.get("QueryStrings") or [])]
        self.cache_ttl = identity.get("ReauthorizeEvery", 0)


class Route:
    def __init__(self, api_id, method, path, function_id, authorizer, payload_version, timeout_ms):
        self.api_id = api_id
        self.method = method  # upper case, or ANY
        self.path = path  # as in the template, e.g. /v1/users/{id}, or $default
        self.function_id = function_id
        self.authorizer = authorizer  # Authorizer or None
        self.payload_version = payload_version
        self.timeout_ms = timeout_ms
        self.throttle = None  # (steady requests per second, burst) or None
        self.route_key = "$default" if path == "$default" else "%s %s" % (method, path)
        self.segments = [] if path == "$default" else _segments(path)

    def match(self, method, raw_path):
        """Path parameters (raw, still percent-encoded) when this route takes the request, else None."""
        if self.method not in ("ANY", method):
            return None
        if self.path == "$default":
            return {}
        parts = raw_path.split("/")[1:] if raw_path.startswith("/") else None
        if parts is None:
            return None
        params = {}
        for i, (kind, name) in enumerate(self.segments):
            if kind == "greedy":
                rest = parts[i:]
                if not rest or rest == [""]:
                    return None
                params[name] = "/".join(rest)
                return params
            if i >= len(parts):
                return None
            if kind == "literal":
                if parts[i] != name:
                    return None
            elif parts[i] == "":
                return None
            else:
                params[name] = parts[i]
        return params if len(parts) == len(self.segments) else None

    def rank(self):
        """Sort key: HTTP API prefers literal segments to variables, variables to greedy ones,
        longer paths to shorter, and a named method to ANY; $default comes last."""
        if self.path == "$default":
            return (1,)
        order = {"literal": 0, "param": 1, "greedy": 2}
        return (0, tuple(order[kind] for kind, _ in self.segments), -len(self.segments), self.method == "ANY")


def _segments(path):
    out = []
    for part in path.split("/")[1:]:
        m = re.fullmatch(r"\{([^{}+]+)(\+?)\}", part)
        if m:
            out.append(("greedy" if m.group(2) else "param", m.group(1)))
        else:
            out.append(("literal", part))
    return out


class Template:
    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.base_dir = os.path.dirname(self.path)
        with open(self.path, encoding="utf-8") as f:
            self.doc = yaml_load(f.read())
        self.parameters = {}
        for name, spec in (self.doc.get("Parameters") or {}).items():
            self.parameters[name] = (spec or {}).get("Default")
        self.conditions = self.doc.get("Conditions") or {}
        resources = self.doc.get("Resources") or {}
        self.resources = resources
        self.tables = [lid for lid, r in resources.items() if (r or {}).get("Type") == "AWS::DynamoDB::Table"]
        self.warnings = []
        globals_fn = ((self.doc.get("Globals") or {}).get("Function")) or {}
        self.functions = {}
        for lid, r in resources.items():
            if (r or {}).get("Type") == "AWS::Serverless::Function":
                self.functions[lid] = self._function(lid, globals_fn, r.get("Properties") or {})
        self.apis = [lid for lid, r in resources.items() if (r or {}).get("Type") == "AWS::Serverless::HttpApi"]
        self.authorizers = {}  # (api id, name) -> Authorizer
        self.default_authorizer = {}  # api id -> Authorizer or None
        for api in self.apis:
            self._api_auth(api, resources[api].get("Properties") or {})
        self.routes = self._routes()

    # --- resolution -----------------------------------------------------------------------
    def resolve(self, value, table_prefix=None):
        """A plain value for a template value, or raise Unresolved."""
        if isinstance(value, (str, int, float, bool)) or value is None:
            return value
        intrinsic = _intrinsic(value)
        if intrinsic is None:
            if isinstance(value, list):
                return [self.resolve(v, table_prefix) for v in value]
            if isinstance(value, dict):
                return {k: self.resolve(v, table_prefix) for k, v in value.items()}
            raise Unresolved(repr(value))
        name, arg = intrinsic
        if name == "Ref":
            if arg in self.parameters and self.parameters[arg] is not None:
                return self.parameters[arg]
            if arg in self.tables and table_prefix is not None:
                return local_table_name(table_prefix, arg)
            if arg == "AWS::Region":
                return os.environ.get("AWS_REGION", "us-east-1")
            if arg == "AWS::NoValue":
                return None
            raise Unresolved("!Ref " + str(arg))
        if name == "If":
            cond, yes, no = arg
            return self.resolve(yes if self.condition(cond) else no, table_prefix)
        raise Unresolved("!%s %r" % (name, arg))

    def condition(self, name):
        if name not in self.conditions:
            raise Unresolved("condition " + str(name))
        return self._cond(self.conditions[name])

    def _cond(self, expr):
        intrinsic = _intrinsic(expr)
        if intrinsic is None:
            raise Unresolved("condition " + repr(expr))
        name, arg = intrinsic
        if name == "Equals":
            a, b = (self.resolve(x) for x in arg)
            return str(a) == str(b)
        if name == "Not":
            return not self._cond(arg[0])
        if name == "And":
            return all(self._cond(x) for x in arg)
        if name == "Or":
            return any(self._cond(x) for x in arg)
        if name == "Condition":
            return self.condition(arg)
        raise Unresolved("condition " + repr(expr))

    def _try(self, value, default, what):
        try:
            resolved = self.resolve(value)
            return default if resolved is None else resolved
        except Unresolved as e:
            self.warnings.append("%s: cannot resolve %s; using %r" % (what, e, default))
            return default

    # --- functions ------------------------------------------------------------------------
    def _function(self, lid, globals_fn, props):
        fn = Function(lid)

        def prop(name, default=None):
            return props[name] if name in props else globals_fn.get(name, default)

        fn.code_uri = prop("CodeUri")
        fn.handler = self._try(prop("Handler"), None, lid + ".Handler")
        fn.runtime = self._try(prop("Runtime"), None, lid + ".Runtime")
        fn.timeout = int(self._try(prop("Timeout", 3), 3, lid + ".Timeout"))
        fn.memory = int(self._try(prop("MemorySize", 128), 128, lid + ".MemorySize"))
        env = {}
        for source in (globals_fn, props):
            env.update(((source.get("Environment") or {}).get("Variables")) or {})
        fn.environment = env
        for event_name, event in (props.get("Events") or {}).items():
            if (event or {}).get("Type") == "HttpApi":
                fn.http_events.append((event_name, event.get("Properties") or {}))
        return fn

    def function_environment(self, fn, table_prefix):
        """The function's environment variables with table references made local; unresolvable ones are left out."""
        env = {}
        for name, raw in fn.environment.items():
            try:
                value = self.resolve(raw, table_prefix)
            except Unresolved as e:
                self.warnings.append("%s: environment variable %s: cannot resolve %s; left unset" % (fn.logical_id, name, e))
                continue
            if value is None:
                continue
            if isinstance(value, bool):
                value = "true" if value else "false"
            env[name] = str(value)
        return env

    # --- APIs, authorizers, routes ----------------------------------------------------------
    def _function_ref(self, value):
        """The logical id of the function an authorizer's FunctionArn points at."""
        intrinsic = _intrinsic(value)
        if intrinsic is None:
            return None
        name, arg = intrinsic
        if name == "Ref" and isinstance(arg, str):
            target = arg.split(".")[0]  # Fn, Fn.Alias, Fn.Version
        elif name == "GetAtt":
            target = (arg.split(".")[0] if isinstance(arg, str) else arg[0])
        else:
            return None
        return target if target in self.functions else None

    def _throttle(self, api, route_key):
        """HTTP API throttling of a route: RouteSettings[route key] over DefaultRouteSettings."""
        props = self.resources[api].get("Properties") or {}
        settings = dict(props.get("DefaultRouteSettings") or {})
        settings.update(((props.get("RouteSettings") or {}).get(route_key)) or {})
        rate = self._try(settings.get("ThrottlingRateLimit"), None, "%s throttling rate" % route_key)
        burst = self._try(settings.get("ThrottlingBurstLimit"), None, "%s throttling burst" % route_key)
        if rate is None and burst is None:
            return None
        return (float(rate) if rate is not None else float("inf"), int(burst) if burst is not None else 5000)

    def _api_auth(self, api, props):
        auth = props.get("Auth") or {}
        for name, spec in (auth.get("Authorizers") or {}).items():
            authorizer = Authorizer(api, name, spec or {})
            if "FunctionArn" in (spec or {}):
                authorizer.function_id = self._function_ref(spec["FunctionArn"])
                if authorizer.function_id is None:
                    authorizer.unsupported = "its FunctionArn is not a function of this template"
            else:
                authorizer.unsupported = "only Lambda authorizers run locally (JWT and IAM do not)"
            if authorizer.payload_version != "2.0":
                authorizer.unsupported = "payload format %s (only 2.0 runs locally)" % authorizer.payload_version
            authorizer.cache_ttl = int(self._try(authorizer.cache_ttl, 0, "%s.%s.ReauthorizeEvery" % (api, name)))
            self.authorizers[(api, name)] = authorizer
        default = auth.get("DefaultAuthorizer")
        self.default_authorizer[api] = self.authorizers.get((api, default)) if default else None
        if default and default != "AWS_IAM" and (api, default) not in self.authorizers:
            self.warnings.append("%s: DefaultAuthorizer %s is not declared" % (api, default))

    def _routes(self):
        routes = []
        for fn in self.functions.values():
            for event_name, props in fn.http_events:
                api = "ServerlessHttpApi"
                if "ApiId" in props:
                    intrinsic = _intrinsic(props["ApiId"])
                    api = intrinsic[1] if intrinsic and intrinsic[0] == "Ref" else None
                    if api not in self.apis:
                        self.warnings.append("%s.%s: ApiId is not an HTTP API of this template; skipped" % (fn.logical_id, event_name))
                        continue
                method = str(props.get("Method", "ANY")).upper()
                if method in ("X-AMAZON-APIGATEWAY-ANY-METHOD", "*"):
                    method = "ANY"
                path = str(props.get("Path", "$default"))
                auth = props.get("Auth") or {}
                authorizer = self.default_authorizer.get(api)
                if "Authorizer" in auth:
                    name = auth["Authorizer"]
                    authorizer = None if name == "NONE" else self.authorizers.get((api, name))
                    if name != "NONE" and authorizer is None:
                        self.warnings.append("%s.%s: authorizer %s is not declared" % (fn.logical_id, event_name, name))
                version = str(props.get("PayloadFormatVersion", "2.0"))
                timeout_ms = int(self._try(props.get("TimeoutInMillis", 30000), 30000, event_name + ".TimeoutInMillis"))
                route = Route(api, method, path, fn.logical_id, authorizer, version, timeout_ms)
                route.throttle = self._throttle(api, route.route_key)
                routes.append(route)
        routes.sort(key=Route.rank)
        return routes

    def served_functions(self):
        """Logical ids of the functions the local API runs: route targets and their authorizers."""
        ids = []
        for route in self.routes:
            for lid in (route.authorizer.function_id if route.authorizer else None, route.function_id):
                if lid and lid not in ids:
                    ids.append(lid)
        return ids

    def code_path(self, fn):
        if not isinstance(fn.code_uri, str):
            raise Unresolved("%s.CodeUri must be a local path (got %r)" % (fn.logical_id, fn.code_uri))
        return os.path.normpath(os.path.join(self.base_dir, fn.code_uri))


def yaml_load(text):
    return yaml.load(text, Loader=_loader())  # noqa: S506 - SafeLoader subclass
